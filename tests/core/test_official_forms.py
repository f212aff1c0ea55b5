"""The official forms writer (附件6, 附件8, 附件9 and the sign-for sheet share it): title, header, rows and the
signature lines, as .xlsx read back with python-calamine and as PDF with its Chinese font embedded."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from biye.core import official
from tests.conftest import at

HEADERS = ["序号", "学号", "姓名", "姓名拼音（全拼）", "出生日期", "备注"]


def _rows(n: int) -> list[list]:
    return [[i, f"31200{i:05d}", "欧阳修", "Ouyang Xiu", dt.date(1995, 3, 7), ""] for i in range(1, n + 1)]


def _form(rows, **kw) -> official.OfficialForm:
    return official.OfficialForm(title="计算机学院2020年预毕业研究生信息核对表", headers=HEADERS, rows=rows, **kw)


def _sheets(data: bytes) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def _pdf_text(data: bytes) -> list[str]:
    # fpdf2 writes two-byte character codes; pypdf leaves a NUL before each character it maps.
    return [page.extract_text().replace("\x00", "") for page in PdfReader(io.BytesIO(data)).pages]


def test_R2_3_xlsx_has_title_header_rows_and_blank_signature_lines():
    buffer = io.BytesIO()
    assert official.write_xlsx(buffer, _form(_rows(3))) == 3
    (rows,) = _sheets(buffer.getvalue()).values()
    assert rows[0][0] == "计算机学院2020年预毕业研究生信息核对表"
    assert rows[1] == HEADERS
    assert rows[2][:5] == [1.0, "3120000001", "欧阳修", "Ouyang Xiu", dt.date(1995, 3, 7)]
    assert [r[1] for r in rows[2:5]] == ["3120000001", "3120000002", "3120000003"]
    sign = rows[-1][0]
    assert re.fullmatch(r"经办人：\u3000+主管院长：\u3000+（公章）\u3000+日期：\u3000+", sign), sign


def test_R2_9_xlsx_signature_lines_carry_names_and_sign_off_times_once_signed():
    form = _form(_rows(1), signatures=official.default_signatures(
        ("经办人甲", at(2020, 6, 18, 9, 30)), ("院长甲", at(2020, 6, 18, 16, 5))))
    buffer = io.BytesIO()
    official.write_xlsx(buffer, form)
    sign = next(iter(_sheets(buffer.getvalue()).values()))[-1][0]
    assert "经办人：经办人甲（2020-06-18 09:30）" in sign
    assert "主管院长：院长甲（2020-06-18 16:05）" in sign
    assert "（公章）" in sign and sign.endswith("日期：2020-06-18")


def test_R2_9_date_stays_blank_until_every_signer_has_signed():
    form = _form([], signatures=official.default_signatures(("经办人甲", at(2020, 6, 18, 9, 30))))
    assert "经办人：经办人甲（2020-06-18 09:30）" in form.signature_line()
    assert form.signature_line().endswith("日期：" + official.UNSIGNED)


def test_xlsx_writes_formula_looking_cells_as_text():
    buffer = io.BytesIO()
    official.write_xlsx(buffer, _form([[1, "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", ""]]))
    data = buffer.getvalue()
    row = next(iter(_sheets(data).values()))[2]
    assert row[1:5] == ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)"]
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml


def test_R2_3_xlsx_prints_on_a4_landscape_fit_to_width_with_the_header_repeated():
    buffer = io.BytesIO()
    official.write_xlsx(buffer, _form(_rows(5), subtitle="学院：计算机学院　　共 5 人"))
    archive = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    setup = re.search(r"<pageSetup [^>]*>", sheet_xml).group(0)
    assert 'paperSize="9"' in setup and 'orientation="landscape"' in setup and 'fitToHeight="0"' in setup
    assert '<pageSetUpPr fitToPage="1"/>' in sheet_xml
    workbook_xml = archive.read("xl/workbook.xml").decode()
    # With a subtitle the header is row 3; it is the row repeated at the top of every printed page.
    assert re.search(r'_xlnm.Print_Titles"[^>]*>[^<]*\$3:\$3<', workbook_xml), workbook_xml
    rows = next(iter(_sheets(buffer.getvalue()).values()))
    assert rows[1][0] == "学院：计算机学院　　共 5 人" and rows[2] == HEADERS


def test_R2_3_many_forms_make_one_workbook_with_a_sheet_each():
    buffer = io.BytesIO()
    written = official.write_xlsx(
        buffer,
        _form(_rows(2), sheet_name="计算机学院"),
        _form(_rows(1), sheet_name="机械与车辆学院"),
        _form(_rows(1), sheet_name="计算机学院"),  # a repeated name still gets a sheet of its own
        _form(_rows(1), sheet_name="a/b:c"),  # characters Excel forbids in a sheet name
    )
    assert written == 5
    assert list(_sheets(buffer.getvalue())) == ["计算机学院", "机械与车辆学院", "计算机学院(2)", "a_b_c"]


def test_R2_3_pdf_embeds_a_chinese_font_subset():
    data = official.pdf_bytes(_form(_rows(3)))
    reader = PdfReader(io.BytesIO(data))
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts.append((font["/BaseFont"], any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    assert fonts and all(embedded for _name, embedded in fonts)
    # A subset ("ABCDEF+NotoSansSC"): only the glyphs the form uses, not the whole 8 MB font.
    assert all(re.fullmatch(r"/[A-Z]{6}\+NotoSansSC", str(name)) for name, _e in fonts)
    assert len(data) < 200_000


def test_R2_3_pdf_repeats_the_header_on_every_page_and_numbers_the_pages():
    texts = _pdf_text(official.pdf_bytes(_form(_rows(120))))
    assert len(texts) >= 3
    assert "计算机学院2020年预毕业研究生信息核对表" in texts[0]
    for n, text in enumerate(texts, start=1):
        assert "姓名拼音（全拼）" in text and "学号" in text, n
        assert f"第 {n} 页，共 {len(texts)} 页" in text
    joined = "".join(texts)
    assert "3120000001" in joined and "3120000120" in joined


def test_R2_9_pdf_signature_block_names_both_signers_and_when():
    form = _form(_rows(2), signatures=official.default_signatures(
        ("经办人甲", at(2020, 6, 18, 9, 30)), ("院长甲", at(2020, 6, 18, 16, 5))))
    text = _pdf_text(official.pdf_bytes(form))[-1]
    assert "经办人：经办人甲（2020-06-18 09:30）" in text
    assert "主管院长：院长甲（2020-06-18 16:05）" in text
    assert "（公章）" in text and "日期：2020-06-18" in text


@pytest.mark.parametrize("n", [30, 31, 32, 33])  # the rows that end a first page just above the signature block
def test_R2_3_pdf_never_leaves_the_signature_block_alone_on_a_page(n):
    *_, last_page = _pdf_text(official.pdf_bytes(_form(_rows(n))))
    assert "经办人" in last_page and "主管院长" in last_page
    assert f"31200{n:05d}" in last_page  # the last row it signs is on the same page


def test_R2_3_pdf_wraps_long_cells_inside_their_column():
    long_note = "附原因填报：护照上的写法；学院补全；确认后被修改；英文学科名称已更正" * 5
    table = official._Table(official._new_pdf(), HEADERS, [["1", "3120000001", "欧阳修", "Ouyang Xiu", "", long_note]],
                            None, 8)
    assert sum(table.widths) == pytest.approx(official.PAGE_WIDTH)
    lines = table.wrap(long_note, table.widths[5])
    assert len(lines) > 1 and "".join(lines) == long_note
    assert all(table.text_width(line) <= table.widths[5] for line in lines)
    assert not any(line[0] in "；：）" for line in lines)
    width = table.text_width("Technology") + 2 * table.pad_x + 0.1
    assert table.wrap("Computer Science and Technology", width) == ["Computer", "Science", "and", "Technology"]


def test_write_chooses_the_format_by_suffix(tmp_path):
    assert official.write(tmp_path / "a.xlsx", _form(_rows(2))) == 2
    assert official.write(tmp_path / "a.pdf", _form(_rows(2))) == 2
    assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "a.xlsx").read_bytes().startswith(b"PK")
    with pytest.raises(ValueError):
        official.write(tmp_path / "a.csv", _form(_rows(1)))


def test_R2_3_many_forms_make_one_pdf_each_from_a_new_page():
    a = official.OfficialForm(title="计算机学院2020年预毕业研究生信息核对表", headers=HEADERS, rows=_rows(2))
    b = official.OfficialForm(title="机械与车辆学院2020年预毕业研究生信息核对表", headers=HEADERS, rows=_rows(1))
    texts = _pdf_text(official.pdf_bytes(a, b))
    assert len(texts) == 2
    assert texts[0].startswith("计算机学院") and "机械与车辆学院" not in texts[0]
    assert texts[1].startswith("机械与车辆学院") and "第 2 页，共 2 页" in texts[1]
