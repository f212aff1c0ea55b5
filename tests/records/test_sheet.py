"""R2.3: 《预毕业研究生信息核对表》 (附件6) per college, as .xlsx and PDF, from the records, the pinyin filings
(through core facts) and the 附件5 English names; signed by handler and dean once submitted (R2.9)."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from biye.core import submissions
from biye.core.models import Submission
from biye.records import actions
from biye.records.exports import HEADERS
from tests.conftest import at, make_student
from tests.records.conftest import PDF


def read_xlsx(data: bytes) -> dict[str, list[list]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


@pytest.fixture
def sheet_world(people, clock, media):
    from biye.names import actions as names

    a1, a2 = people.student_a1, people.student_a2
    make_student(people.campaign, people.college_a, people.discipline, name="单证生", certificate_type="单证",
                 id_number="110101199503070093")
    names.file_pinyin(student=a1, by=a1.person, spelling="Zeng Guofan", version=None, now=at(2020, 6, 10, 9))
    names.confirm_pinyin(student=a1, by=a1.person, version=1, now=at(2020, 6, 14, 9))
    c = actions.apply_for_correction(student=a2, by=a2.person, changes={"ethnicity": "回族"}, reason="x",
                                     files=[actions.Upload("a.pdf", PDF)])
    actions.college_decide(correction=c, by=people.handler_a, approve=True, note="", version=1)  # on to the GS
    proposal = actions.propose_english_name(discipline=people.discipline, college=people.college_a, by=people.handler_a,
                                            proposed_name="Computer Science and Engineering", explanation="按目录")
    actions.decide_english_name(proposal=proposal, by=people.gs, accept=True, reason="")
    return people


def test_R2_3_the_sheet_reads_back_with_title_header_rows_and_signature_lines(client, sheet_world):
    people = sheet_world
    client.force_login(people.handler_a)
    response = client.get("/records/college/07/sheet.xlsx")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    sheet = read_xlsx(response.content)["计算机学院"]
    assert sheet[0][0] == "计算机学院2020年预毕业研究生信息核对表"
    header_at = next(i for i, row in enumerate(sheet) if row[:1] == ["序号"])
    assert tuple(sheet[header_at]) == HEADERS
    rows = [r for r in sheet[header_at + 1:] if r[1]]
    assert [r[1] for r in rows] == [people.student_a1.number, people.student_a2.number]  # 双证 only, 学号 order
    first, second = rows
    assert first[3] == "Zeng Guofan" and first[15] == "本人网上确认" and str(first[16]).startswith("2020-06-14")
    assert first[11] == "Computer Science and Engineering" and "英文专业名称已更正" in first[17]
    assert second[3] == "" and "更正申请审核中：民族" in second[17]
    assert second[8] == "110101199503070034"  # the ID number stays text, every digit kept
    signature = next(r[0] for r in sheet if isinstance(r[0], str) and r[0].startswith("经办人"))
    assert "主管院长" in signature and "（公章）" in signature and "日期" in signature


def test_R2_3_the_pdf_embeds_its_chinese_font_and_carries_both_names_once_signed(client, sheet_world, tmp_path):
    people = sheet_world
    s = submissions.submit(campaign=people.campaign, college=people.college_a, kind=Submission.Kind.VERIFICATION,
                           by=people.handler_a, version=None, now=at(2020, 6, 16, 9))
    submissions.sign_off(submission=s, by=people.dean_a, version=s.version, now=at(2020, 6, 16, 10))
    client.force_login(people.dean_a)
    response = client.get("/records/college/07/sheet.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(response.content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansSC" in fonts and " yes " in fonts.split("NotoSansSC", 1)[1].splitlines()[0]
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "计算机学院2020年预毕业研究生信息核对表" in text and "Zeng Guofan" in text
    assert "经办人甲" in text and "院长甲" in text
    sheet = read_xlsx(client.get("/records/college/07/sheet.xlsx").content)["计算机学院"]
    signature = next(r[0] for r in sheet if isinstance(r[0], str) and r[0].startswith("经办人"))
    assert "经办人：经办人甲（2020-06-16 09:00）" in signature and "主管院长：院长甲（2020-06-16 10:00）" in signature


def test_R2_3_the_sheets_are_scoped(client, sheet_world):
    people = sheet_world
    client.force_login(people.handler_b)
    assert client.get("/records/college/07/sheet.xlsx").status_code == 404
    assert client.get("/records/gs/sheets.xlsx").status_code == 403
    client.force_login(people.student_a1.person)
    assert client.get("/records/college/07/sheet.pdf").status_code == 403
    client.force_login(people.gs)
    sheets = read_xlsx(client.get("/records/gs/sheets.xlsx").content)
    assert set(sheets) == {"计算机学院", "机械与车辆学院"}
    assert client.get("/records/gs/sheets.pdf").content.startswith(b"%PDF")


def test_R2_3_biye_export_writes_the_sheet_as_xlsx_or_pdf_by_the_suffix(sheet_world, tmp_path, capsys):
    call_command("export", "verification-sheet", "--college", "07", "-o", str(tmp_path / "a6.xlsx"))
    assert read_xlsx((tmp_path / "a6.xlsx").read_bytes())["计算机学院"][0][0] == "计算机学院2020年预毕业研究生信息核对表"
    call_command("export", "verification-sheet", "--college", "07", "-o", str(tmp_path / "a6.pdf"))
    assert (tmp_path / "a6.pdf").read_bytes().startswith(b"%PDF")
    assert "2 行" in capsys.readouterr().out
    with pytest.raises(CommandError, match=r"\.xlsx / \.pdf"):
        call_command("export", "verification-sheet", "-o", str(tmp_path / "a6.csv"))


def test_R2_3_the_pdf_prints_every_student_number_id_number_and_date_on_one_line(client, sheet_world, tmp_path):
    people = sheet_world
    client.force_login(people.handler_a)
    path = tmp_path / "sheet.pdf"
    path.write_bytes(client.get("/records/college/07/sheet.pdf").content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    for student in (people.student_a1, people.student_a2):
        student.refresh_from_db()
        assert student.number in text
        assert student.id_number in text
        assert f"{student.birth_date:%Y-%m-%d}" in text
    assert "2020-06-14" in text  # the confirmation date


def test_R2_9_the_gs_downloads_every_colleges_sheet_as_one_workbook_and_one_pdf(client, sheet_world, tmp_path):
    people = sheet_world
    submissions.submit(campaign=people.campaign, college=people.college_b, kind=Submission.Kind.VERIFICATION,
                           by=people.handler_b, version=None, now=at(2020, 6, 16, 9))
    client.force_login(people.gs)
    sheets = read_xlsx(client.get("/records/gs/sheets.xlsx").content)
    assert list(sheets) == ["机械与车辆学院", "计算机学院"]  # one sheet per college, in 学院代码 order (03, 07)
    b = sheets["机械与车辆学院"]
    assert b[0][0] == "机械与车辆学院2020年预毕业研究生信息核对表"
    assert [r[1] for r in b if r[1] and r[1] != "学号"] == [people.student_b1.number]
    assert "经办人：经办人乙（2020-06-16 09:00）" in b[-1][0]  # each college's sheet carries its own signers
    assert "经办人甲" not in sheets["计算机学院"][-1][0]
    path = tmp_path / "all.pdf"
    path.write_bytes(client.get("/records/gs/sheets.pdf").content)
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
                            capture_output=True, text=True, check=True).stdout for n in (1, 2)]
    titles = {"计算机学院2020年预毕业研究生信息核对表", "机械与车辆学院2020年预毕业研究生信息核对表"}
    assert {t for t in titles if t in pages[0]} | {t for t in titles if t in pages[1]} == titles
    assert not all(t in pages[0] for t in titles)  # one college per run of pages
