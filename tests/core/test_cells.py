"""core.cells, the one reader of uploaded cells and the one person-name normaliser (issue 7), and the text rule
every import and form applies (R0.2, issue 9)."""

from __future__ import annotations

import datetime as dt

import pytest

from biye.core import cells

LOOKALIKE_DOTS = ["·", "•", "・", "･", "‧", "∙", "⋅", "．", "\u0387"]


@pytest.mark.parametrize("dot", LOOKALIKE_DOTS)
def test_person_name_makes_every_lookalike_dot_the_middle_dot(dot):
    assert cells.person_name(f"买买提{dot}艾力") == "买买提·艾力"
    assert cells.person_name(f" 买买提 {dot} 艾力 ") == "买买提·艾力"


def test_person_name_collapses_spaces_and_keeps_every_character():
    assert cells.person_name("欧阳\u3000\u3000娜娜") == "欧阳 娜娜"  # full-width spaces
    assert cells.person_name("买买提.艾力") == "买买提·艾力"  # a full stop between Chinese characters
    assert cells.person_name("John F. Kennedy") == "John F. Kennedy"  # but not between letters
    assert cells.person_name("﨑") == "﨑"  # no compatibility folding: a name's character is never replaced


def test_same_person_name_ignores_dots_spaces_and_case():
    assert cells.same_person_name("买买提·艾力", "买买提∙艾力")
    assert cells.same_person_name("Anna 李", "anna李")
    assert not cells.same_person_name("翟志刚", "翟志钢")


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b",
                                  "\u200d", "\ufeff", "\x00", "\x1b", "\x85"])
def test_R0_2_text_with_an_invisible_or_control_character_is_refused_with_the_character_named(char):
    with pytest.raises(cells.Bad) as bad:
        cells.text(f"计算机{char}学院")
    assert f"U+{ord(char):04X}" in str(bad.value)
    assert cells.shown(f"计算机{char}学院") == f"计算机<U+{ord(char):04X}>学院"


def test_text_reads_numbers_as_excel_stores_them_and_bounds_the_length():
    assert cells.text(3120190001.0) == "3120190001"
    assert cells.code("3120190001.0") == "3120190001" and cells.code(" 3120 1900 01 ") == "3120190001"
    assert cells.text("多行\n备注") == "多行\n备注"  # a line break inside a cell (Alt+Enter) is text
    with pytest.raises(cells.Bad):
        cells.text("长" * (cells.MAX_CELL_CHARS + 1))
    assert len(cells.shown("长" * 10_000)) == cells.SHOWN_CHARS + 1


def test_dates_one_excel_epoch_and_a_range():
    assert cells.date(43985) == dt.date(2020, 6, 3)
    assert cells.date("43985") == dt.date(2020, 6, 3)
    assert cells.datetime(43992.5) == dt.datetime(2020, 6, 10, 12, 0)
    assert cells.date("2020年6月3日") == cells.date("20200603") == dt.date(2020, 6, 3)
    with pytest.raises(cells.Bad, match="不合理"):
        cells.date("0001-01-01", earliest=dt.date(1900, 1, 1))
    with pytest.raises(cells.Bad, match="不是存在的日期"):
        cells.date("2020-02-30")


def test_R0_2_a_code_that_went_through_a_csv_file_as_a_number_is_read_as_its_digits(db):
    from biye.core.models import Student
    from tests.roster.conftest import roster_rows, run_import, to_csv

    rows = roster_rows(1)
    rows[0]["学号"] = "3120190001.0"
    rows[0]["导师工号"] = "20011.0"
    report = run_import(to_csv(rows), "roster.csv")
    assert report.ok, report.errors
    assert Student.objects.get().number == "3120190001" and Student.objects.get().advisor_number == "20011"


def test_the_record_field_checks_shared_by_the_roster_and_a_correction():
    assert cells.identifier(3120190001.0, "学号") == "3120190001"
    with pytest.raises(cells.Bad, match="学号只能包含字母、数字"):
        cells.identifier("31201 9000#1", "学号")
    assert cells.ethnicity("汉") == cells.ethnicity("汉族") == "汉族"
    with pytest.raises(cells.Bad, match="GB 3304"):
        cells.ethnicity("火星族")
    assert cells.discipline_code("081200") == "081200"
    with pytest.raises(cells.Bad, match="开头的 0 已丢失"):
        cells.discipline_code(81200)
    assert cells.id_number(" 1101 0119 9503 0700 7x ", "居民身份证") == "11010119950307007X"
    with pytest.raises(cells.Bad, match="居民身份证号码应为18位"):
        cells.id_number("11010119950307", "居民身份证")
    assert cells.id_number("e1234567", "护照") == "E1234567"
    with pytest.raises(cells.Bad, match="末几位已丢失"):
        cells.id_number(1.1010119950307e17)
    assert cells.choice("男", ("男", "女")) == "男"
    with pytest.raises(cells.Bad, match="应为“男”或“女”"):
        cells.choice("M", ("男", "女"))
    assert cells.check_birth_year(dt.date(1995, 3, 7), 2020) == dt.date(1995, 3, 7)
    with pytest.raises(cells.Bad, match="应在 1900 年至 2020 年之间"):
        cells.check_birth_year(dt.date(2021, 1, 1), 2020)


@pytest.mark.parametrize("name, ok", [("买买提·艾力", True), ("Anna Smith", True), ("李〇", True), ("·艾力", False),
                                      ("张=三", False), ("张3", False), ("长" * 61, False)])
def test_checked_person_name_allows_letters_dots_and_spaces_only(name, ok):
    if ok:
        assert cells.checked_person_name(name) == name
    else:
        with pytest.raises(cells.Bad, match="姓名只能包含"):
            cells.checked_person_name(name)
