"""R3.5, R5.2: the college proposes conclusions and submits its round's 附件8 (双证, no international students),
signed off by handler and dean, as xlsx and PDF; the autumn round waits for its dates."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from biye.conclusions import actions, exports
from biye.conclusions.models import Report, Round
from biye.core import calendar, checklist, lateness, submissions
from biye.core.errors import ActionRefused
from biye.core.models import Deadline
from tests.conclusions.conftest import approved, standing
from tests.conftest import at, make_student


def _sheet(data: bytes) -> list[list]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return wb.get_sheet_by_index(0).to_python()


def test_R3_5_a_conclusion_the_graduate_is_not_eligible_for_is_refused_with_the_reasons(ready, client):
    client.force_login(ready.handler_a)
    resp = client.post(reverse("conclusions:propose", args=["07"]),
                       {"student": ready.student_a1.pk, "conclusion": "毕业", "version": 0}, follow=True)
    assert "曾国藩 目前不能报“毕业”：培养方案完成情况尚未录入；成绩是否合格尚未录入；尚无答辩结果。" in resp.content.decode()
    assert not Report.objects.exists()
    standing(ready.student_a1)
    client.post(reverse("conclusions:propose", args=["07"]),
                {"student": ready.student_a1.pk, "conclusion": "毕业", "note": "", "version": 0})
    assert Report.objects.get(student=ready.student_a1).conclusion == "毕业"


def test_R3_5_everyone_eligible_becomes_graduated_after_the_count_is_shown(ready, client):
    standing(ready.student_a1)
    standing(ready.student_a2, passed=False)
    client.force_login(ready.handler_a)
    html = client.get(reverse("conclusions:college", args=["07"])).content.decode()
    assert "为 1 人拟定“毕业”" in html and 'name="expected" value="1"' in html
    standing(ready.student_a2)  # the list changes after the page was shown
    resp = client.post(reverse("conclusions:propose_all", args=["07"]), {"round": "summer", "expected": 1}, follow=True)
    assert "人数已变为 2 人（页面显示 1 人）" in resp.content.decode() and not Report.objects.exists()
    resp = client.post(reverse("conclusions:propose_all", args=["07"]), {"round": "summer", "expected": 2}, follow=True)
    assert "已为 2 名符合毕业条件的研究生拟定“毕业”" in resp.content.decode()
    assert sorted(Report.objects.values_list("conclusion", flat=True)) == ["毕业", "毕业"]


def test_R3_5_the_college_cannot_submit_while_a_graduate_lacks_a_conclusion(ready):
    standing(ready.student_a1)
    actions.propose(student=ready.student_a1, by=ready.handler_a, conclusion="毕业")
    with pytest.raises(ActionRefused, match=f"1 名研究生还没有毕业结论（{ready.student_a2.number} 欧阳修）"):
        submissions.submit(campaign=ready.campaign, college=ready.college_a, kind="conclusions_summer",
                           by=ready.handler_a, version=None)


def _report_everyone(people, now=None):
    s1, s2 = people.student_a1, people.student_a2
    standing(s1, grade="优秀")
    standing(s2, passed=None, programme=False)
    approved(s2, "结业", people.handler_a)
    actions.propose(student=s1, by=people.handler_a, conclusion="毕业")
    actions.propose(student=s2, by=people.handler_a, conclusion="结业", note="未答辩")


def test_R3_5_the_form_has_the_notices_columns_title_and_signatures(ready):
    intl = make_student(ready.campaign, ready.college_a, ready.discipline, name="John", is_international=True)
    single = make_student(ready.campaign, ready.college_a, ready.discipline, name="单证生", certificate_type="单证")
    autumn = make_student(ready.campaign, ready.college_a, ready.discipline, name="秋季生", expected_term="秋季")
    _report_everyone(ready)
    s = submissions.submit(campaign=ready.campaign, college=ready.college_a, kind="conclusions_summer",
                           by=ready.handler_a, version=None, now=at(2020, 6, 28, 9))
    submissions.sign_off(submission=s, by=ready.dean_a, version=s.version, now=at(2020, 6, 28, 10))
    buffer = io.BytesIO()
    n = exports.write_conclusions(buffer, students=ready.student_a1.__class__.objects.all(), campaign=ready.campaign,
                                  college=ready.college_a)
    rows = _sheet(buffer.getvalue())
    assert n == 2
    assert rows[0][0] == "计算机学院2020年夏季研究生毕业结论"
    header = rows.index(exports.FORM_HEADERS)
    body = rows[header + 1:header + 3]
    assert body[0][1:] == [ready.student_a1.number, "曾国藩", "男", "计算机学院", "081200", "计算机科学与技术", "硕士",
                           "全日制", dt.date(2020, 6, 20), "优秀", "毕业", ""]
    assert body[1][9:] == ["", "", "结业", "未答辩"]  # 结业 without a defense: no date, no grade
    text = str(rows)
    assert "经办人：经办人甲" in text and "主管院长：院长甲" in text
    for outsider in (intl, single, autumn):
        assert outsider.number not in text
    pdf = io.BytesIO()
    exports.write_conclusions(pdf, students=ready.student_a1.__class__.objects.all(), campaign=ready.campaign,
                              college=ready.college_a, suffix=".pdf")
    assert pdf.getvalue().startswith(b"%PDF")


def test_R3_5_the_command_writes_the_form_for_a_round(ready, tmp_path):
    autumn = make_student(ready.campaign, ready.college_a, ready.discipline, name="秋季生", expected_term="秋季")
    out = tmp_path / "a8.xlsx"
    call_command("export", "conclusions", "--college", "07", "--round", "autumn", "-o", str(out),
                 stdout=io.StringIO())
    rows = _sheet(out.read_bytes())
    assert rows[0][0] == "计算机学院2020年秋季研究生毕业结论"
    assert autumn.number in str(rows) and ready.student_a1.number not in str(rows)
    call_command("export", "conclusions", "--college", "07", "-o", str(tmp_path / "a8.pdf"), stdout=io.StringIO())
    assert (tmp_path / "a8.pdf").read_bytes().startswith(b"%PDF")


def test_R5_2_a_late_or_returned_conclusions_report_makes_the_college_late(ready):
    _report_everyone(ready)
    s = submissions.submit(campaign=ready.campaign, college=ready.college_a, kind="conclusions_summer",
                           by=ready.handler_a, version=None, now=at(2020, 6, 29, 13))
    assert s.late_since == at(2020, 6, 29, 12)
    late = lateness.late_colleges(ready.campaign, colleges=[ready.college_a], now=at(2020, 6, 30))
    assert any(r.what == "夏季毕业结论（附件8）" for r in late[0].reasons)
    with pytest.raises(ActionRefused, match="需研究生院退回后才能修改"):
        actions.propose(student=ready.student_a1, by=ready.handler_a, conclusion="毕业", version=1)


def test_R3_5_autumn_is_not_scheduled_until_the_graduate_school_sets_its_dates(ready, client, clock):
    autumn = make_student(ready.campaign, ready.college_a, ready.discipline, name="秋季生", expected_term="秋季")
    clock(2020, 12, 31)
    states = {t.task.key: t for t in checklist.for_student(autumn)}
    assert states["conclusion_autumn"].state == "unscheduled" and states["conclusion_autumn"].label == "尚未安排"
    assert states["conclusion_summer"].state == "na"
    late = lateness.late_colleges(ready.campaign, colleges=[ready.college_a], now=at(2020, 12, 31))
    assert "夏季毕业结论（附件8）" in [r.what for r in late[0].reasons]
    assert "秋季毕业结论（附件8）" not in [r.what for r in late[0].reasons]  # no date yet: never late
    client.force_login(ready.handler_a)
    html = client.get(reverse("conclusions:college", args=["07"]) + "?round=autumn").content.decode()
    assert "报送毕业结论：尚未安排" in html and "秋季生" in html and "曾国藩" not in html
    client.force_login(ready.gs)
    html = client.get(reverse("calendar")).content.decode()
    assert 'id="deadline-autumn_conclusions"' in html and "尚未安排" in html
    resp = client.post(reverse("calendar"), {"kind": "autumn_conclusions", "opens": "", "closes": "2020-12-20 24:00",
                                             "confirm_past": ""}, follow=True)
    assert "日程已保存" in resp.content.decode()
    autumn.refresh_from_db()  # a fresh campaign, as the next request reads it (the calendar is cached per object)
    assert calendar.find(autumn.campaign, Deadline.Kind.AUTUMN_CONCLUSIONS).closes == at(2020, 12, 21)
    states = {t.task.key: t for t in checklist.for_student(autumn)}
    assert states["conclusion_autumn"].state == "late"


def test_R3_5_the_college_list_with_eligibility_takes_a_fixed_number_of_queries(ready, client,
                                                                                 django_assert_max_num_queries):
    from biye.core.models import Student

    base = ready.student_a1
    Student.objects.bulk_create([
        Student(campaign=ready.campaign, college=ready.college_a, discipline=ready.discipline, number=f"88{i:06d}",
                name=f"学生{i}", gender="女", ethnicity="汉族", birth_date=base.birth_date, id_type=base.id_type,
                id_number=f"11010119950307{i:04d}", level="博士", study_mode="全日制", training_type="非定向",
                certificate_type="双证", enrolled_on=base.enrolled_on, schooling_years=base.schooling_years,
                max_years=base.max_years, expected_term="夏季", photo_on_file=True)
        for i in range(2000)])
    for s in Student.objects.filter(number__startswith="88")[:300]:
        standing(s)
    client.force_login(ready.handler_a)
    url = reverse("conclusions:college", args=["07"])
    client.get(url)
    with django_assert_max_num_queries(16):
        resp = client.get(url + "?page=2")
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "共 2002 人" in html and "尚未拟定“毕业” 300 人" in html
    assert html.count('<tr id="s-') == 100
