"""R3.2, R3.3 inputs: defense results and programme status from a file (all or nothing, every bad row and
column reported, a dry run first) or entered by the college student by student."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biye.conclusions import imports
from biye.conclusions.models import Standing
from biye.core import submissions
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent


def _xlsx(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet()
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), wb.add_format({"num_format": "yyyy-mm-dd"}))
            else:
                ws.write(r, c, v)
    wb.close()
    return buffer.getvalue()


def _run(people, data: bytes, name="答辩.xlsx", dry_run=False):
    return imports.import_standings(data=data, filename=name, campaign=people.campaign, college=people.college_a,
                                    by=people.handler_a, dry_run=dry_run)


def test_R3_2_defense_results_import_from_xlsx_with_excel_dates(people):
    a1, a2 = people.student_a1, people.student_a2
    data = _xlsx([["学号", "姓名", "答辩日期", "答辩结果", "答辩成绩"],
                  [a1.number, a1.name, dt.date(2020, 6, 20), "通过", 88],
                  [a2.number, a2.name, "", "", ""]])
    dry = _run(people, data, dry_run=True)
    assert (dry.rows, dry.changed, dry.errors, dry.written) == (2, 2, [], False)
    assert not Standing.objects.exists()
    result = _run(people, data)
    assert result.written
    s = Standing.objects.get(student=a1)
    assert (s.defense_on, s.defense_result, s.defense_grade, s.programme_done) == (
        dt.date(2020, 6, 20), "通过", "88", None)
    assert Standing.objects.get(student=a2).defense_result == ""
    assert AuditEvent.objects.filter(action="conclusions.standing").count() == 2


def test_R3_2_programme_status_from_a_gbk_csv_leaves_the_defense_as_it_was(people):
    a1 = people.student_a1
    _run(people, _xlsx([["学号", "答辩日期", "答辩结果"], [a1.number, "2020-06-20", "通过"]]))
    csv = f"学号,培养方案完成,成绩合格\r\n{a1.number},是,否\r\n".encode("gb18030")
    _run(people, csv, name="培养.csv")
    s = Standing.objects.get(student=a1)
    assert (s.defense_result, s.programme_done, s.grades_passed) == ("通过", True, False)


def test_R3_2_a_file_with_bad_rows_writes_nothing_and_names_every_row_and_column(people):
    a1, b1 = people.student_a1, people.student_b1
    data = _xlsx([["学号", "答辩日期", "答辩结果", "培养方案完成"],
                  [a1.number, "2020-13-40", "优秀", "可能"],
                  [b1.number, "2020-06-20", "通过", "是"],
                  ["", "", "", ""],
                  [a1.number, "", "通过", "是"]])
    result = _run(people, data)
    assert not result.written and not Standing.objects.exists()
    assert [str(e) for e in result.errors] == [
        "第 2 行“答辩日期”：“2020-13-40”不是存在的日期，请核对年、月、日（格式如 2020-06-03）",
        "第 2 行“答辩结果”：“优秀”应为“通过”或“未通过”（未答辩留空）",
        "第 2 行“培养方案完成”：应为“是”或“否”，实际为“可能”",
        f"第 3 行“学号”：{b1.number} 不是本学院本届的研究生",
        f"第 5 行“学号”：与第 2 行重复",
        "第 5 行“答辩日期”：有答辩结果时须填写答辩日期",
    ]


def test_R3_2_a_file_without_known_columns_is_refused_with_what_to_write(people):
    with pytest.raises(ActionRefused, match="没有找到表头行。表头行应在一行中写出列名，如：学号、姓名、答辩日期"):
        _run(people, "学号,姓名\r\n1,2\r\n".encode(), name="a.csv")
    with pytest.raises(ActionRefused, match="文件中没有“学号”列"):
        _run(people, "姓名,答辩日期,答辩结果\r\n1,2,3\r\n".encode(), name="a.csv")


def test_R3_2_the_page_checks_first_and_imports_exactly_the_file_it_checked(people, client):
    import re

    a1 = people.student_a1
    data = f"学号,答辩日期,答辩结果,答辩成绩\r\n{a1.number},2020-06-20,通过,良好\r\n".encode()
    url = reverse("conclusions:import", args=[people.college_a.code])
    client.force_login(people.handler_a)
    resp = client.post(url, {"token": "x" * 43}, follow=True)
    assert "找不到检查过的文件" in resp.content.decode()
    resp = client.post(url, {"file": SimpleUploadedFile("a.csv", data)})
    html = resp.content.decode()
    assert "检查通过：共 1 行，1 人的信息将有变化" in html and not Standing.objects.exists()
    token = re.search(r'name="token" value="([^"]+)"', html).group(1)
    client.force_login(people.handler_b)  # another person's token opens nothing
    assert "找不到检查过的文件" in client.post(url.replace("07", "03"), {"token": token}, follow=True).content.decode()
    client.force_login(people.handler_a)
    resp = client.post(url, {"token": token}, follow=True)
    assert "已导入 1 行" in resp.content.decode()
    assert Standing.objects.get(student=a1).defense_grade == "良好"
    bad = f"学号,答辩日期,答辩结果\r\n{a1.number},2020-06-20,优秀\r\n".encode()
    html = client.post(url, {"file": SimpleUploadedFile("b.csv", bad)}).content.decode()
    assert "未导入任何数据" in html and 'name="token"' not in html


def test_R3_2_the_college_enters_one_student_on_their_page(people, client):
    url = reverse("conclusions:student", args=[people.student_a1.pk])
    client.force_login(people.handler_a)
    resp = client.post(url, {"defense_result": "通过", "defense_on": "", "version": 0})
    assert "有答辩结果时须填写答辩日期" in resp.content.decode()
    client.post(url, {"defense_on": "2020-06-21", "defense_result": "通过", "defense_grade": "优秀",
                      "programme_done": "yes", "grades_passed": "yes", "version": 0})
    html = client.get(url).content.decode()
    s = Standing.objects.get(student=people.student_a1)
    assert (s.defense_grade, s.programme_done, s.version) == ("优秀", True, 1)
    assert 'data-conclusion="毕业"' in html and "可报" in html
    resp = client.post(url, {"defense_on": "2020-06-21", "defense_result": "未通过", "version": 0})
    assert "刚被其他人修改过" in resp.content.decode()
    client.force_login(people.handler_b)
    assert client.get(url).status_code == 404


def test_R3_5_inputs_cannot_change_while_the_report_is_submitted(people):
    from biye.conclusions import actions
    from tests.conclusions.conftest import standing

    for s in (people.student_a1, people.student_a2):
        standing(s)
        actions.propose(student=s, by=people.handler_a, conclusion="毕业")
    submissions.submit(campaign=people.campaign, college=people.college_a, kind="conclusions_summer",
                       by=people.handler_a, version=None)
    with pytest.raises(ActionRefused, match="夏季毕业结论已报送"):
        _run(people, f"学号,答辩结果,答辩成绩\r\n{people.student_a1.number},通过,60\r\n".encode(), name="a.csv")
    assert Standing.objects.get(student=people.student_a1).defense_grade == "良好"
