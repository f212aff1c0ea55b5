"""R0.2, R1.4 (issue 9): every uploaded file is read within fixed bounds, whatever it claims: the sheet's
extent, the decompressed size, the rows, one cell's length, the errors collected, the time. A file past a bound
is refused at once with a message naming the bound, and nothing is written. The files come from
tests/hostile_files.py; their time and memory are measured by bench/hostile_uploads.py."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from biye.core.models import AuditEvent, Student
from biye.photos.models import PhotoCollection
from biye.roster.columns import HEADERS as ROSTER_HEADERS
from tests import hostile_files as hostile

VENDOR_HEADERS = ("学号", "姓名", "采集时间", "采集方式")
VENDOR_ROW = ("3120190001", "翟志刚", "2020-06-10 10:00", "线上")
ROOT = Path(__file__).resolve().parents[2]


def _nothing_written(before: tuple[int, int, int]) -> bool:
    return (Student.objects.count(), AuditEvent.objects.count(), PhotoCollection.objects.count()) == before


def _counts() -> tuple[int, int, int]:
    return Student.objects.count(), AuditEvent.objects.count(), PhotoCollection.objects.count()


def _roster_page(client, people, data: bytes, name: str = "roster.xlsx") -> str:
    client.force_login(people.gs)
    response = client.post("/roster/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert "确认导入这" not in response.content.decode()  # nothing to confirm
    return response.content.decode()


def _vendor_page(client, people, data: bytes, name: str = "结果.xlsx") -> str:
    client.force_login(people.vendor)
    response = client.post("/photos/vendor/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    assert "确认导入" not in response.content.decode()
    return response.content.decode()


def test_R0_2_sparse_extent_is_refused_before_the_reader_allocates_in_a_process_with_little_memory():
    """Run where a reader that allocates for the extent would die (1 GB of address space): it must not get there."""
    script = textwrap.dedent("""
        import os, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        import django
        django.setup()
        from biye.core import tabular
        from biye.core.errors import ActionRefused
        from tests import hostile_files as hostile
        headers = ["学号", "姓名", "性别"]
        far_xls = hostile.old_workbook([(0, i, h) for i, h in enumerate(headers)] + [(65535, 255, "x")])
        for data, name in ((hostile.sparse_extent(headers), "far.xlsx"), (hostile.sparse_extent_positional(headers), "far.xlsx"),
                           (far_xls, "far.xls")):
            try:
                table = tabular.read_table(data, name, expect=headers)
                list(table.rows)
            except ActionRefused as refused:
                print(refused.message)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 3 and all("工作表范围过大" in line and "200,000 行" in line for line in lines)
    assert "1,048,576 行 × 16,384 列" in lines[0] and "65,536 行 × 256 列" in lines[2]


def _xls(headers, *far, dimensions=None) -> bytes:
    return hostile.old_workbook([*((0, i, h) for i, h in enumerate(headers)), *far], dimensions=dimensions)


@pytest.mark.parametrize("upload", [_roster_page, _vendor_page])
def test_R0_2_R1_4_an_xls_with_one_far_cell_is_refused_on_both_uploads_and_writes_nothing(people, client, upload):
    """An .xls (6 KB) with its header and one cell at IV65536: the reader would make room for 16.7 million cells."""
    before = _counts()
    headers = ROSTER_HEADERS if upload is _roster_page else VENDOR_HEADERS
    html = upload(client, people, _xls(headers, (65535, 255, "x")), name="名单.xls")
    assert "工作表范围过大" in html and "65,536 行 × 256 列" in html
    assert _nothing_written(before)


def test_R0_2_an_xls_whose_sheet_declares_a_far_extent_is_refused(people, client):
    """The extent a sheet declares (DIMENSIONS) is what a reader may make room for: it counts like a cell."""
    html = _roster_page(client, people, _xls(ROSTER_HEADERS, dimensions=(65536, 256)), name="名单.xls")
    assert "65,536 行 × 256 列" in html


def test_R0_2_a_damaged_xls_is_refused_as_unreadable(people, client):
    data = _xls(ROSTER_HEADERS)
    html = _roster_page(client, people, data[:1024], name="名单.xls")  # the header and FAT, not the stream
    assert "无法读取 Excel 文件“名单.xls”" in html


@pytest.mark.parametrize("upload", [_roster_page, _vendor_page])
def test_R0_2_R1_4_one_far_cell_is_refused_on_both_uploads_and_writes_nothing(people, client, upload):
    before = _counts()
    html = upload(client, people, hostile.sparse_extent(ROSTER_HEADERS if upload is _roster_page else VENDOR_HEADERS))
    assert "工作表范围过大" in html and "请删除数据区域以外的行和列" in html
    assert _nothing_written(before)


@pytest.mark.parametrize("upload", [_roster_page, _vendor_page])
def test_R0_2_R1_4_shared_string_bomb_is_refused_by_its_packing_ratio(people, client, upload):
    before = _counts()
    data = hostile.shared_string_bomb(VENDOR_HEADERS, 4 * 1024 * 1024)
    assert len(data) < 40_000  # 4 MB of text in a few KB
    html = upload(client, people, data)
    assert "解压后超过" in html and "100 倍" in html
    assert "AAAAAAAAAA" not in html  # the huge value is never echoed back
    assert _nothing_written(before)


def test_R0_2_millions_of_tiny_shared_strings_are_refused_naming_the_bound(people, client, settings):
    settings.BIYE_IMPORT_MAX_CELLS = 40_000  # a quarter of it: 10,000 distinct strings
    before = _counts()
    html = _roster_page(client, people, hostile.many_shared_strings(ROSTER_HEADERS, 20_000))
    assert "不同文字超过 10,000 条的上限" in html
    assert _nothing_written(before)


@pytest.mark.parametrize("lie", [False, True], ids=["honest-sizes", "lying-sizes"])
def test_R0_2_decompression_bomb_is_refused_even_when_its_directory_lies(people, client, settings, lie):
    settings.BIYE_IMPORT_MAX_UNZIPPED_BYTES = 4 * 1024 * 1024
    before = _counts()
    data = hostile.decompression_bomb(ROSTER_HEADERS, 16 * 1024 * 1024, lie=lie)
    assert len(data) < 100_000
    html = _roster_page(client, people, data)
    assert "解压后超过 4.0" in html
    assert _nothing_written(before)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_R0_2_R1_4_a_row_flood_is_refused_naming_the_row_bound(people, client, settings, kind):
    settings.BIYE_IMPORT_MAX_ROWS = 100
    before = _counts()
    if kind == "xlsx":
        data, name = hostile.row_flood(VENDOR_HEADERS, VENDOR_ROW, 500), "结果.xlsx"
    else:
        data, name = ("\r\n".join([",".join(VENDOR_HEADERS)] + [",".join(VENDOR_ROW)] * 500)).encode(), "结果.csv"
    for upload in (_roster_page, _vendor_page):
        html = upload(client, people, data, name)
        assert "超过了 100 行的上限" in html or "工作表范围过大" in html
    assert _nothing_written(before)


@pytest.mark.parametrize("length", [140_000, 40_000], ids=["past-the-csv-module-limit", "past-excels-limit"])
@pytest.mark.parametrize("upload", [_roster_page, _vendor_page])
def test_R0_2_R1_4_a_cell_too_long_is_a_clear_refusal_not_a_500(people, client, upload, length):
    before = _counts()
    html = upload(client, people, hostile.long_cell_csv(VENDOR_HEADERS, VENDOR_ROW, length), "结果.csv")
    assert "32,767 个字符" in html
    assert "长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长" not in html
    assert _nothing_written(before)


def test_R0_2_errors_collected_are_bounded_and_the_report_says_how_many_more(people, client, settings):
    from tests.roster.conftest import roster_rows, to_xlsx

    settings.BIYE_IMPORT_MAX_ERRORS = 5
    rows = roster_rows(12)
    for row in rows:
        row["性别"] = "未知"
    html = _roster_page(client, people, to_xlsx(rows))
    assert "共 12 处错误" in html and "以及另外 7 处错误" in html
    assert html.count("应为“男”或“女”") == 5


def test_R0_2_a_check_past_its_time_bound_is_stopped(people, client, settings):
    from tests.roster.conftest import roster_rows, to_xlsx

    settings.BIYE_IMPORT_MAX_SECONDS = -1  # any check is already too long
    before = _counts()
    html = _roster_page(client, people, to_xlsx(roster_rows(3)))
    assert "超过了 -1 秒的时限" in html or "时限" in html
    assert _nothing_written(before)


def test_R0_2_a_usual_workbook_passes_every_bound(people, client):
    from tests.roster.conftest import roster_rows, to_xlsx

    client.force_login(people.gs)
    response = client.post("/roster/", {"file": SimpleUploadedFile("r.xlsx", to_xlsx(roster_rows(50)))})
    assert response.status_code == 200 and response.context["report"].ok
    assert "确认导入这 50 行" in response.content.decode()
