"""R3.6, R5.2: the Graduate School's 毕业报库 file: accepted conclusions, fields in the platform's order, and
every graduate left out listed with the reason."""

from __future__ import annotations

import datetime as dt
import io

import dbf
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from biye.conclusions import actions, exports
from biye.conclusions.models import Round
from biye.core import facts, submissions
from biye.core.errors import ActionRefused
from biye.core.models import Student
from biye.names.models import NameRecord
from tests.conclusions.conftest import approved, certificate_returned, standing
from tests.conftest import at, make_student


def _accept(people, college, handler, dean=None, now=at(2020, 6, 28, 9)):
    s = submissions.submit(campaign=people.campaign, college=college, kind="conclusions_summer", by=handler,
                           version=None, now=now)
    s.state = "signed"  # the dean's step is tested with the submissions; here only the acceptance matters
    s.save()
    return submissions.accept(submission=s, by=people.gs, version=s.version, now=now)


def _on_time(people, *colleges):
    """附件6 and the returned 结业 certificates (R4.4) of these colleges accepted on time, so that they are not
    late for them (R5.2)."""
    from biye.core.models import Submission

    for college in colleges:
        for kind in ("verification", "certificate_return"):
            Submission.objects.create(campaign=people.campaign, college=college, kind=kind, state="accepted",
                                      first_submitted_at=at(2020, 6, 17), accepted_at=at(2020, 6, 18), version=3)


def _sheets(data: bytes) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.fixture
def reported(ready, monkeypatch):
    """College A's summer 附件8 accepted: a1 毕业, a2 结业转毕业; college B's not submitted."""
    # As if no records or diplomas section published its facts yet; a test registers what it needs.
    monkeypatch.setattr(facts, "_FACTS", {k: v for k, v in facts._FACTS.items()
                                          if not k.startswith(("records.", "diplomas."))})
    a1, a2 = ready.student_a1, ready.student_a2
    a1.examinee_number, a1.enrolled_on = "17110101123456", dt.date(2017, 9, 1)
    a1.save()
    a2.prior_conclusion, a2.prior_certificate_number, a2.prior_year = "结业", "100071201802000123", 2018
    a2.save()
    certificate_returned(monkeypatch, a2)
    standing(a1)
    standing(a2)
    approved(a2, "结业转毕业", ready.handler_a)
    actions.propose(student=a1, by=ready.handler_a, conclusion="毕业")
    actions.propose(student=a2, by=ready.handler_a, conclusion="结业转毕业", note="已交回结业证书")
    _on_time(ready, ready.college_a)
    for student in (a1, a2):  # the pinyin confirmed in time: the college is not late for it (R5.2)
        NameRecord.objects.create(student=student, spelling="Zeng Guofan", source="student",
                                  confirmed_at=at(2020, 6, 11), method="online", version=2)
    _accept(ready, ready.college_a, ready.handler_a)
    return ready


def test_R3_6_fields_in_the_platforms_order_with_its_values(reported):
    reg = exports.registration(reported.campaign, Round.SUMMER, now=at(2020, 7, 1))
    data = io.BytesIO()
    exports.write_registration_xlsx(data, reg)
    sheets = _sheets(data.getvalue())
    rows = sheets["毕业报库"]
    assert rows[0] == ["KSH", "XH", "XM", "XB", "CSRQ", "SFZH", "MZ", "YXDM", "YXMC", "ZYDM", "ZYMC", "XZ", "XXXS",
                       "CC", "RXRQ", "BYRQ", "BJYJL", "ZSBH", "XZM", "BZ", "风险提示（不上报）"]
    a1, a2 = reported.student_a1, reported.student_a2
    assert rows[1] == ["17110101123456", a1.number, "曾国藩", "男", "19950307", "110101199503070018", "汉族", "10007",
                       "北京理工大学", "081200", "计算机科学与技术", "3", "全日制", "硕士研究生", "20170901", "20200630",
                       "毕业", "", "张校长", "", ""]
    assert rows[2][16] == "毕业" and rows[2][19] == "结业转毕业（原结业证书 100071201802000123，2018年结业）；已交回结业证书"
    notes = str(sheets["说明"])
    assert "证书编号（ZSBH）尚未生成" in notes and "学籍信息更正（R2.7）尚未接入" in notes
    assert [r[0] for r in sheets["未报名单"][1:]] == [reported.student_b1.number]
    assert "学院的夏季毕业结论（附件8）尚未被研究生院接收" in sheets["未报名单"][1][4]


def test_R3_6_single_certificate_international_photo_and_autumn_are_left_out_with_reasons(reported):
    single = make_student(reported.campaign, reported.college_a, reported.discipline, name="单证生",
                          certificate_type="单证")
    intl = make_student(reported.campaign, reported.college_a, reported.discipline, name="John", is_international=True)
    autumn = make_student(reported.campaign, reported.college_a, reported.discipline, name="秋季生", expected_term="秋季")
    for s in (intl, autumn):
        NameRecord.objects.create(student=s, spelling="X", source="student", confirmed_at=at(2020, 6, 11),
                                  method="online", version=2)
    a1 = reported.student_a1
    a1.photo_on_file = False
    a1.save()
    reg = exports.registration(reported.campaign, Round.SUMMER, now=at(2020, 7, 1))
    reasons = {row[0]: row[4] for row in reg.excluded}
    assert reasons[single.number] == "单证：只发学位证书，不做学历注册"
    assert reasons[intl.number] == "留学生：不在毕业结论名单中"
    assert reasons[a1.number] == "没有学历注册图像（R1.6）"
    assert autumn.number not in reasons and autumn.number not in str(reg.rows)  # not of this round
    assert [r[1] for r in reg.rows] == [reported.student_a2.number]


def test_R2_7_an_open_correction_keeps_a_graduate_out_once_the_records_section_says_so(reported, monkeypatch):
    a1 = reported.student_a1
    facts.register("records.open_correction", lambda ids: {i: True for i in ids if i == a1.pk})
    reg = exports.registration(reported.campaign, Round.SUMMER, now=at(2020, 7, 1))
    assert {r[0]: r[4] for r in reg.excluded}[a1.number] == "学籍信息更正尚未办结（R2.7）"
    assert "尚未接入" not in str(reg.notes)


def test_R2_7_R3_6_a_graduate_with_an_open_record_correction_is_excluded_until_it_is_decided(reported):
    """The records section's own fact (biye/records/facts.py), not a stand-in: an application at the Graduate
    School keeps a1 out of the file with the reason; once returned (finally decided) a1 is back."""
    from biye.records import actions as records
    from biye.records import facts as record_facts
    from biye.records.models import Correction

    record_facts.register()  # into the fixture's copy of the registry, as the app does at start-up
    a1, a2 = reported.student_a1, reported.student_a2
    # Made before the sheet deadline (the application itself is the records section's tests' business).
    correction = Correction.objects.create(
        student=a1, before={"ethnicity": a1.ethnicity}, after={"ethnicity": "回族"}, reason="户籍证明上的民族为回族",
        status=Correction.Status.GRADUATE_SCHOOL, submitted_by=a1.person, submitted_at=at(2020, 6, 10))
    Correction.objects.create(  # an earlier one, returned: decided, it keeps nobody out
        student=a2, before={"ethnicity": a2.ethnicity}, after={"ethnicity": "回族"}, reason="误填",
        status=Correction.Status.RETURNED_BY_COLLEGE, submitted_by=a2.person, submitted_at=at(2020, 6, 9))

    reg = exports.registration(reported.campaign, Round.SUMMER, now=at(2020, 7, 1))
    reasons = {r[0]: r[4] for r in reg.excluded}
    assert reasons[a1.number] == "学籍信息更正尚未办结（R2.7）" and a2.number not in reasons
    assert [r[1] for r in reg.rows] == [a2.number]
    assert "尚未接入" not in str(reg.notes)

    records.gs_decide(correction=correction, by=reported.gs, approve=False, note="证明材料不清晰",
                      version=correction.version, now=at(2020, 6, 26))
    reg = exports.registration(reported.campaign, Round.SUMMER, now=at(2020, 7, 1))
    assert a1.number not in {r[0] for r in reg.excluded} and [r[1] for r in reg.rows] == [a1.number, a2.number]


def test_R3_6_the_diploma_number_comes_from_the_diplomas_section_when_it_has_one(reported):
    a1 = reported.student_a1
    facts.register("diplomas.number", lambda ids: {i: "100071202002000001" for i in ids if i == a1.pk})
    reg = exports.registration(reported.campaign, Round.SUMMER, now=at(2020, 7, 1))
    assert reg.rows[0][17] == "100071202002000001"
    assert not any("ZSBH" in n for n in reg.notes)


def test_R2_8_an_unconfirmed_pinyin_is_listed_as_a_risk_not_left_out(reported, client):
    a2 = reported.student_a2
    facts.register("names.status", lambda ids: {i: "确认后被修改，待重新确认" if i == a2.pk else "已确认" for i in ids})
    reg = exports.registration(reported.campaign, Round.SUMMER, now=at(2020, 7, 1))
    assert [r[-1] for r in reg.rows] == ["", "姓名拼音确认后被修改，待重新确认（R2.8）"]
    assert a2.number not in str(reg.excluded)
    client.force_login(reported.gs)
    html = client.get(reverse("conclusions:registration")).content.decode()
    assert "姓名拼音确认后被修改，待重新确认（R2.8）" in html


def test_R5_2_a_late_colleges_graduates_wait_while_its_delay_lasts(reported):
    from biye.core.models import Submission

    Submission.objects.filter(college=reported.college_a, kind="verification").delete()  # 附件6 never submitted
    reg = exports.registration(reported.campaign, Round.SUMMER, now=at(2020, 7, 1))
    assert not reg.rows
    assert {r[0]: r[4] for r in reg.excluded}[reported.student_a1.number] == "学院逾期，学历注册延迟"


def test_R3_6_the_settings_it_needs_are_asked_for_first(reported):
    reported.campaign.president_name = ""
    reported.campaign.save()
    with pytest.raises(ActionRefused, match="请先在“毕业工作设置”中填写：校长姓名（XZM）"):
        exports.registration(reported.campaign, Round.SUMMER)


def test_R3_6_dbf_in_gbk_with_the_fields_in_order(reported, tmp_path):
    out = tmp_path / "bkxx.dbf"
    call_command("export", "registration", "--round", "summer", "-o", str(out), stdout=io.StringIO())
    table = dbf.Table(str(out))
    table.open(dbf.READ_ONLY)
    try:
        assert list(table.field_names) == exports.FIELDS  # KSH … BZ, in the platform's order
        assert table.codepage.name.lower().startswith("cp936")
        records = [tuple(str(v).strip() for v in r) for r in table]
    finally:
        table.close()
    assert records[0][:4] == ("17110101123456", reported.student_a1.number, "曾国藩", "男")
    assert len(records) == 2 and records[1][16] == "毕业"
    assert "风险" not in out.read_bytes().decode("gbk", errors="replace")


def test_R3_6_the_command_writes_xlsx_and_refuses_a_college(reported, tmp_path):
    out = tmp_path / "bk.xlsx"
    stdout = io.StringIO()
    call_command("export", "registration", "-o", str(out), stdout=stdout)
    assert "毕业报库：2 行" in stdout.getvalue()
    assert _sheets(out.read_bytes())["毕业报库"][1][1] == reported.student_a1.number
    with pytest.raises(CommandError, match="按全校导出"):
        call_command("export", "registration", "--college", "07", "-o", str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="不分夏季、秋季"):
        call_command("export", "photo-list-a", "--round", "autumn", "-o", str(out), stdout=io.StringIO())


def test_R3_6_only_the_graduate_school_sees_the_registration_page(reported, client):
    client.force_login(reported.handler_a)
    assert client.get(reverse("conclusions:registration")).status_code == 403
    client.force_login(reported.gs)
    html = client.get(reverse("conclusions:registration")).content.decode()
    assert reported.student_b1.number in html and "尚未被研究生院接收" in html
    resp = client.get(reverse("conclusions:registration") + "?download=dbf")
    assert resp.status_code == 200 and resp["Content-Disposition"].rstrip("\"").endswith(".dbf")
    assert Student.objects.count() == 3


def test_R3_6_the_graduate_school_sets_yxmc_xzm_and_each_rounds_byrq_on_the_settings_page(people, client):
    from biye.core import actions as core_actions

    c = people.campaign
    data = {name: "" if getattr(c, name) is None else getattr(c, name) for name in core_actions.CAMPAIGN_SETTINGS}
    data |= {"university_name": "示范大学", "president_name": "李校长", "summer_graduation_date": "2020-06-30",
             "autumn_graduation_date": "2020-12-31"}
    client.force_login(people.gs)
    assert client.post(reverse("campaign_settings"), data).status_code == 302
    c.refresh_from_db()
    assert (c.university_name, c.president_name, c.summer_graduation_date, c.autumn_graduation_date) == (
        "示范大学", "李校长", dt.date(2020, 6, 30), dt.date(2020, 12, 31))
    html = client.get(reverse("campaign_settings")).content.decode()
    assert 'type="date" name="summer_graduation_date" value="2020-06-30"' in html  # what a date field can show
