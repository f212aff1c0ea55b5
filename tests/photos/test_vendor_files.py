"""R1.4: vendor result files as vendors really send them — numbers for 学号, times typed every which way, a title
row above the header, GB18030 CSV, 采集方式 with 采集 after it — and files with nothing to import."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from biye.core.errors import ActionRefused
from biye.core.models import Campaign, Student
from biye.photos import actions
from biye.photos.imports import parse_method, parse_time, parse_vendor_file
from biye.photos.models import PhotoCollection
from tests.conftest import at

IN_WINDOW = at(2020, 6, 14, 9)


def vendor_workbook(rows: list[list[object]], *, title: str | None = "易拍数码影像中心 2020届研究生采集结果",
                    headers=("学号", "姓名", "采集时间", "采集方式")) -> bytes:
    """A workbook as the vendor's own software writes it: an optional title row, then typed cells (numbers,
    date-times, dates) rather than text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    r = 0
    if title:
        sheet.write_string(r, 0, title)
        r += 1
    for c, h in enumerate(headers):
        sheet.write_string(r, c, h)
    for row in rows:
        r += 1
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, stamp)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def run(data: bytes, by, name: str = "结果.xlsx", now=IN_WINDOW):
    return actions.import_vendor_results(
        campaign=Campaign.current(), rows=parse_vendor_file(data, name), file_name=name, by=by, now=now
    )


@pytest.fixture
def numbered(lists):
    """Student numbers that are all digits, as a vendor's Excel turns them into numbers."""
    for i, s in enumerate((lists.a1, lists.a2, lists.b1), start=1):
        s.number = f"312019000{i}"
        s.save(update_fields=["number"])
    return lists


def test_R1_4_title_row_above_header_numbers_and_excel_datetimes_are_read(people, numbered):
    data = vendor_workbook([
        [3120190001, numbered.a1.name, dt.datetime(2020, 6, 10, 14, 23), "线上采集"],
        [3120190002.0, numbered.a2.name, dt.date(2020, 6, 11), "线上"],
    ])
    report = run(data, people.vendor)
    assert report.rejected == []
    assert [o.student.pk for o in report.taken] == [numbered.a1.pk, numbered.a2.pk]
    assert PhotoCollection.objects.get(student=numbered.a1).collected_at == at(2020, 6, 10, 14, 23)
    # A date alone is 00:00 of that day on the university's clock.
    assert PhotoCollection.objects.get(student=numbered.a2).collected_at == at(2020, 6, 11, 0, 0)
    assert PhotoCollection.objects.get(student=numbered.a1).method == "线上"


def test_R1_4_numbers_that_went_through_a_csv_as_text_with_point_zero_still_match(people, numbered):
    text = "学号,姓名,采集时间,采集方式\n3120190001.0,翟志刚,2020-06-10 14:23,线上\n"
    report = run(text.encode(), people.vendor, name="结果.csv")
    assert [o.student.pk for o in report.taken] == [numbered.a1.pk]


def test_R1_4_gb18030_csv_with_a_title_row_and_id_numbers_only(people, lists):
    lists.b1.id_number = "11010119950307009X"
    lists.b1.save(update_fields=["id_number"])
    text = "影像中心采集结果（2020届）\n证件号码,姓名,采集时间,采集方式\n11010119950307009x,仇 英,2020/6/10 14:23:05,影像中心 采集\n"
    report = run(text.encode("gb18030"), people.vendor, name="结果.csv")
    [taken] = report.taken
    assert taken.student.pk == lists.b1.pk  # lower-case x and a space inside the name do not matter
    c = PhotoCollection.objects.get(student=lists.b1)
    assert (c.method, c.collected_at) == ("影像中心", at(2020, 6, 10, 14, 23, 5))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2020-06-10 14:23", at(2020, 6, 10, 14, 23)),
        ("2020/6/10 14:23:05", at(2020, 6, 10, 14, 23, 5)),
        ("  2020-06-10   14:23:05 ", at(2020, 6, 10, 14, 23, 5)),
        ("2020-06-10T14:23:05", at(2020, 6, 10, 14, 23, 5)),
        ("2020.6.10 14:23", at(2020, 6, 10, 14, 23)),
        ("2020年6月10日 14:23", at(2020, 6, 10, 14, 23)),
        ("20200610142305", at(2020, 6, 10, 14, 23, 5)),
        ("2020-06-10", at(2020, 6, 10, 0, 0)),
        ("20200610", at(2020, 6, 10, 0, 0)),
        (dt.datetime(2020, 6, 10, 14, 23), at(2020, 6, 10, 14, 23)),
        (dt.date(2020, 6, 10), at(2020, 6, 10, 0, 0)),
        (43992.6, at(2020, 6, 10, 14, 24)),  # an Excel serial number that reached a CSV
    ],
)
def test_R1_4_collection_time_formats_a_vendor_writes(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["", "6月10日", "2020-13-01 10:00", "下午两点", "2020-06-31"])
def test_R1_4_collection_time_that_cannot_be_read_is_none(typed):
    assert parse_time(typed) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("线上", "线上"), ("线上采集", "线上"), (" 线 上 ", "线上"), ("\u3000线上\u3000", "线上"),
     ("影像中心", "影像中心"), ("影像中心采集", "影像中心"), ("影像中心 采集", "影像中心"),
     ("现场", ""), ("网上", ""), ("影像", ""), ("", ""), (None, "")],
)
def test_R1_4_collection_method_variants_accepted_and_refused(typed, expected):
    assert parse_method(typed) == expected


def test_R1_4_unknown_method_rejects_that_row_with_what_to_write(people, numbered):
    data = vendor_workbook([
        [3120190001, numbered.a1.name, "2020-06-10 14:23", "现场"],
        [3120190002, numbered.a2.name, "2020-06-10 14:23", "线上"],
    ])
    report = run(data, people.vendor)
    [rejected] = report.rejected
    assert rejected.row == 3  # Excel's row number: title row 1, header row 2
    assert "“现场”" in rejected.message and "“线上”或“影像中心”" in rejected.message
    assert [o.student.pk for o in report.taken] == [numbered.a2.pk]


def test_R1_4_empty_file_is_refused(people):
    with pytest.raises(ActionRefused, match="空的"):
        parse_vendor_file(b"", "结果.csv")


@pytest.mark.parametrize(
    ("data", "name"),
    [("学号,姓名,采集时间,采集方式\n".encode(), "结果.csv"), (vendor_workbook([], title=None), "结果.xlsx"),
     (vendor_workbook([]), "结果.xlsx")],
)
def test_R1_4_file_with_only_the_header_is_refused_not_reported_as_success(people, data, name):
    with pytest.raises(ActionRefused, match="没有数据行"):
        parse_vendor_file(data, name)


def test_R1_4_file_without_the_columns_says_which_are_missing(people):
    with pytest.raises(ActionRefused, match="学号/证件号码"):
        parse_vendor_file("姓名,采集时间,采集方式\n翟志刚,2020-06-10,线上\n".encode(), "结果.csv")


def test_R1_4_import_photos_command_on_vendor_style_file(people, numbered, tmp_path, clock):
    clock(2020, 6, 12, 10)  # after the collections the file reports
    path = tmp_path / "易拍结果.xlsx"
    path.write_bytes(vendor_workbook([
        [3120190001, " 翟 志刚 ", dt.datetime(2020, 6, 10, 14, 23), "线上采集"],
        [3120190003, numbered.b1.name, "2020/6/11 9:05", "影像中心采集"],
    ]))
    out = io.StringIO()
    call_command("import-photos", str(path), stdout=out)  # no SystemExit: every row taken
    assert "已导入 2 行，无变化 0 行，未导入 0 行。" in out.getvalue()
    assert set(Student.objects.filter(photo_on_file=True, pk__in=[numbered.a1.pk, numbered.b1.pk])
               .values_list("pk", flat=True)) == {numbered.a1.pk, numbered.b1.pk}


def test_R1_4_import_photos_command_dry_run_says_nothing_was_written(people, numbered, tmp_path, clock):
    clock(2020, 6, 12, 10)
    path = tmp_path / "结果.xlsx"
    path.write_bytes(vendor_workbook([[3120190001, numbered.a1.name, "2020-06-10 14:23", "线上"]]))
    out = io.StringIO()
    call_command("import-photos", str(path), "--dry-run", stdout=out)
    assert "试运行：将导入 1 行" in out.getvalue() and "没有写入任何数据" in out.getvalue()
    assert not PhotoCollection.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "空的"), ("学号,姓名,采集时间,采集方式\r\n".encode("gb18030"), "没有数据行")],
)
def test_R1_4_import_photos_command_empty_or_header_only_file_fails_and_takes_nothing(
    people, tmp_path, content, message
):
    path = tmp_path / "结果.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import-photos", str(path), stdout=io.StringIO())
    assert not PhotoCollection.objects.exists()


def test_R1_4_import_photos_command_missing_file_or_directory_is_a_clear_error(people, tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import-photos", str(tmp_path / "nope.xlsx"))
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import-photos", str(tmp_path))


def test_R1_4_collection_time_in_the_future_is_rejected_with_what_to_check(people, numbered):
    data = vendor_workbook([[3120190001, numbered.a1.name, "2020-10-06 10:00", "线上"]])
    [rejected] = run(data, people.vendor).rejected
    assert "晚于当前时间" in rejected.message and "请核对这一行的日期" in rejected.message
    assert not PhotoCollection.objects.exists()
