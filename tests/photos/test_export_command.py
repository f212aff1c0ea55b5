"""R1.1, R1.2: `biye export photo-list-a|photo-list-b [--college CODE] -o FILE` as an operator runs it — exact
headers, formula-looking cells kept as text, and every mistake a message with a non-zero exit, never a
traceback or a half-written file."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.core.management import CommandError, call_command

from biye.core.models import Student
from tests.photos.conftest import read_back

HEADERS = ["序号", "学号", "姓名", "性别", "证件号码", "学院", "专业", "培养层次", "入学年份", "采集状态"]


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(("which", "headers"), [("a", HEADERS), ("b", HEADERS)])
def test_R1_1_R1_2_export_command_headers_are_exactly_the_notices(people, lists, tmp_path, which, headers):
    target = tmp_path / f"{which}.xlsx"
    export(f"photo-list-{which}", "-o", str(target))
    rows = read_back(target.read_bytes())
    assert rows[0] == headers
    assert [r[0] for r in rows[1:]] == list(range(1, len(rows)))  # 序号 1, 2, 3 …
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask  # like any file the operator writes, not 0600


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_R1_1_export_command_cells_starting_with_formula_characters_stay_text(people, lists, tmp_path, start):
    Student.objects.filter(pk=lists.a1.pk).update(name=f"{start}SUM(1,2)", id_number=f"{start}1")
    target = tmp_path / "a.xlsx"
    export("photo-list-a", "-o", str(target))
    sheet = zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    row = next(r for r in read_back(target.read_bytes())[1:] if r[1] == lists.a1.number)
    assert (row[2], row[4]) == (f"{start}SUM(1,2)", f"{start}1")


def test_R1_1_export_command_unknown_list_names_the_ones_that_exist(people, tmp_path):
    with pytest.raises(CommandError, match="photo-list-a, photo-list-b"):
        export("photo-list-c", "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_R1_1_export_command_unknown_college_lists_the_known_codes(people, tmp_path):
    with pytest.raises(CommandError, match=f"没有代码为 99 的学院.*{people.college_a.code}"):
        export("photo-list-a", "--college", "99", "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_R1_1_export_command_college_code_with_spaces_around_is_found(people, lists, tmp_path):
    target = tmp_path / "a.xlsx"
    assert "1 行" in export("photo-list-a", "--college", f" {people.college_b.code} ", "-o", str(target))


@pytest.mark.parametrize(
    ("output", "message"),
    [("missing-dir/a.xlsx", "不存在"), (".", "是一个目录"), ("a.csv", r"应以 \.xlsx 结尾")],
)
def test_R1_1_export_command_output_that_cannot_be_written_is_refused_before_any_work(
    people, tmp_path, monkeypatch, output, message
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        export("photo-list-a", "-o", output)
    assert sorted(os.listdir(tmp_path)) == []


def test_R1_1_export_command_write_failure_is_a_message_and_leaves_the_old_file_whole(
    people, lists, tmp_path, monkeypatch
):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"yesterday's list")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(CommandError, match="无法写入.*Permission denied"):
        export("photo-list-a", "-o", str(target))
    assert target.read_bytes() == b"yesterday's list"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]  # no temporary file left behind


def test_R1_1_export_command_without_a_campaign_year_that_exists_is_refused(people, tmp_path):
    with pytest.raises(CommandError, match="1999"):
        export("photo-list-a", "--campaign", "1999", "-o", str(tmp_path / "a.xlsx"))
