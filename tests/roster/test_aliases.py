"""R0.2 (issue 15): a roster as offices have it — 学信网's letter codes and campus systems' column names are read as
Biye's columns (biye/roster/aliases.py), the dry run says which header was read as which column, and two headers
for one column are refused naming both."""

from __future__ import annotations

from django.urls import reverse

from biye.core.models import AuditEvent, Student
from biye.roster import aliases
from biye.roster.columns import HEADERS
from tests.roster.conftest import as_xuexin, roster_rows, run_import, to_csv, to_xlsx


def _students() -> dict[str, Student]:
    return {s.number: s for s in Student.objects.select_related("college", "discipline")}


def test_R0_2_a_roster_under_xuexin_letter_codes_imports_like_the_template(gs):
    rows = roster_rows(6)
    headers, coded = as_xuexin(rows)
    assert "XH" in headers and "学号" not in headers and "证件类型" in headers and "培养方式" in headers

    dry = run_import(to_xlsx(coded, headers), by=gs, dry_run=True)
    assert dry.ok, [str(e) for e in dry.errors]
    assert ("CSRQ", "出生日期") in dry.read_as and ("CC", "培养层次") in dry.read_as and ("FY", "学院名称") in dry.read_as
    assert any(line.startswith("按别名读取的表头") and "XH → 学号" in line for line in dry.summary_lines())
    assert not Student.objects.exists()

    report = run_import(to_xlsx(coded, headers), by=gs)
    assert report.ok and report.created == 6
    students = _students()
    for r in rows:
        s = students[r["学号"]]
        assert (s.name, s.birth_date, s.enrolled_on, s.level, s.expected_term, s.college.name, s.training_type) == (
            r["姓名"], r["出生日期"], r["入学日期"], r["培养层次"], r["预计毕业"], r["学院名称"], r["培养方式"])
    # The same students in Biye's own template change nothing.
    assert run_import(to_xlsx(rows), by=gs).unchanged == 6


def test_R0_2_campus_system_names_are_read_in_csv_too(gs):
    rows = roster_rows(3)
    names = {"证件号码": "身份证号", "培养层次": "层次", "专业名称": "专业", "学院名称": "学院", "入学日期": "入学时间"}
    headers = [names.get(h, h) for h in HEADERS]
    renamed = [{names.get(h, h): v for h, v in r.items()} for r in rows]
    report = run_import(to_csv(renamed, headers=headers), "roster.csv", by=gs)
    assert report.ok, [str(e) for e in report.errors]
    assert sorted(report.read_as) == sorted((v, k) for k, v in names.items())
    assert _students()[rows[0]["学号"]].id_number == rows[0]["证件号码"]


def test_R0_2_gender_codes_follow_gb_2261_and_lower_case_letter_codes_are_read(gs):
    rows = roster_rows(2)
    headers, coded = as_xuexin(rows)
    headers = [h.lower() if h == "XB" else h for h in headers]
    for r in coded:
        r["xb"] = {"男": "1", "女": "2"}[r.pop("XB")]
    report = run_import(to_xlsx(coded, headers), by=gs)
    assert report.ok, [str(e) for e in report.errors]
    assert [_students()[r["学号"]].gender for r in rows] == [r["性别"] for r in rows]


def test_R0_2_two_headers_for_one_column_are_refused_naming_both(gs):
    rows = roster_rows(2)
    headers = [*HEADERS, "身份证号"]
    for r in rows:
        r["身份证号"] = r["证件号码"]
    report = run_import(to_xlsx(rows, headers), by=gs, dry_run=False)
    assert not report.ok
    [error] = report.errors
    assert error.row == 1 and error.column == "身份证号"
    assert "「证件号码」和「身份证号」都表示「证件号码」列" in str(error)
    assert not Student.objects.exists() and not AuditEvent.objects.filter(action__startswith="roster").exists()


def test_R0_2_a_bad_cell_under_an_alias_names_the_files_header_and_biyes(gs):
    rows = roster_rows(2)
    headers, coded = as_xuexin(rows)
    coded[1]["CC"] = "本科"
    coded[0]["YJBYRQ"] = "不详"
    report = run_import(to_xlsx(coded, headers), by=gs)
    assert [(e.row, e.column, e.value) for e in report.errors] == [
        (2, "YJBYRQ（预计毕业）", "不详"), (3, "CC（培养层次）", "本科")]
    assert not Student.objects.exists()


def test_R0_2_unknown_headers_are_named_and_a_missing_column_is_named_by_biyes_header(gs):
    rows = roster_rows(2)
    headers, coded = as_xuexin(rows)
    headers = [h for h in headers if h != "SFZH"] + ["SFZHM"]
    report = run_import(to_xlsx(coded, headers), by=gs)
    assert report.unknown_columns == ["SFZHM"]
    assert [(e.row, e.column) for e in report.errors] == [(1, "证件号码")]
    assert not Student.objects.exists()


def test_R0_2_every_alias_names_a_real_column_and_has_a_source():
    assert {a.column for a in aliases.HEADER_ALIASES} <= set(HEADERS)
    assert all(str(a.source) for a in aliases.HEADER_ALIASES)
    assert not {a.header for a in aliases.HEADER_ALIASES} & set(HEADERS)


def test_R0_2_the_upload_page_shows_the_alias_table(gs, client):
    client.force_login(gs)
    page = client.get(reverse("roster:upload"))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="header-aliases"' in text and "<code>YJBYRQ</code>" in text and "博士研究生" in text


def test_R0_2_docs_show_the_same_alias_table_as_the_code():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "roster-columns.md").read_text(encoding="utf-8")
    rows = {tuple(cell.strip() for cell in line.strip("|").split("|"))[:2] for line in doc.splitlines()
            if line.startswith("| ")}
    assert {(a.header, a.column) for a in aliases.HEADER_ALIASES} <= rows
    documented = {r for r in rows if r[1] in HEADERS and r[0] not in HEADERS}
    assert documented == {(a.header, a.column) for a in aliases.HEADER_ALIASES}
    assert {(c, g) for c, g, _v, _s in aliases.value_rows_for_display()} <= rows


def test_R0_2_ethnicity_codes_follow_gb_3304(gs):
    rows = roster_rows(2)
    rows[0]["民族"], rows[1]["民族"] = "汉族", "外国血统中国籍人士"
    headers, coded = as_xuexin(rows)
    coded[0]["MZ"], coded[1]["MZ"] = "01", "98"
    report = run_import(to_xlsx(coded, headers), by=gs)
    assert report.ok, [str(e) for e in report.errors]
    assert [_students()[r["学号"]].ethnicity for r in rows] == ["汉族", "外国血统中国籍人士"]
    assert aliases.ETHNICITY_CODES["56"] == "基诺族" and aliases.ETHNICITY_CODES["97"] == "其他"


def test_R0_2_a_column_converted_once_per_distinct_cell_keeps_cells_of_other_types_apart():
    """1, 1.0 and True are equal in Python; a column that mixes them is still read cell by cell as written."""
    from biye.roster.imports import _converted

    seen = []

    def convert(cell):
        seen.append(cell)
        return f"{type(cell).__name__}:{cell}"

    assert _converted(("博士", "博士", "硕士"), convert) == ("str:博士", "str:博士", "str:硕士")
    assert sorted(seen) == ["博士", "硕士"]  # once per distinct cell
    assert _converted((1, True, 1.0, "1"), convert) == ("int:1", "bool:True", "float:1.0", "str:1")
