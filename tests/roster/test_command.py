"""R0.2 from the command line: `biye import-roster FILE [--campaign 2020] [--dry-run]`."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tests.roster.conftest import roster_rows, to_csv, to_xlsx


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import-roster", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_R0_2_command_imports_and_prints_a_summary(db, tmp_path):
    from biye.core.models import Student

    path = tmp_path / "roster.xlsx"
    path.write_bytes(to_xlsx(roster_rows(6)))
    out, _err = _run(str(path), "--campaign", "2020")
    assert "导入完成" in out and "新增 6 人" in out
    assert Student.objects.count() == 6


def test_R0_2_command_dry_run_writes_nothing(db, tmp_path):
    from biye.core.models import Campaign, Student

    path = tmp_path / "roster.csv"
    path.write_bytes(to_csv(roster_rows(3), "gb18030"))
    out, _err = _run(str(path), "--campaign", "2020", "--dry-run")
    assert "试导入" in out and "新增 3 人" in out
    assert Student.objects.count() == 0 and Campaign.objects.count() == 0


def test_R0_2_command_prints_every_error_with_row_and_column_and_exits_1(db, tmp_path):
    from biye.core.models import Student

    rows = roster_rows(4)
    rows[0]["出生日期"] = "2020-02-30"
    rows[2]["证书类型"] = "三证"
    path = tmp_path / "roster.xlsx"
    path.write_bytes(to_xlsx(rows))
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import-roster", str(path), stdout=io.StringIO(), stderr=err)
    assert failed.value.returncode == 1
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("第2行「出生日期」：")
    assert lines[1] == "第4行「证书类型」：应为“双证”或“单证”，实际为“三证”"
    assert Student.objects.count() == 0


def test_R0_2_command_refuses_an_empty_file_with_exit_1(db, tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    with pytest.raises(CommandError) as failed:
        _run(str(path))
    assert failed.value.returncode == 1 and "空的" in str(failed.value)


def test_R0_2_command_prints_progress_for_long_imports(db, tmp_path, monkeypatch, capsys):
    from biye.roster import actions, imports

    monkeypatch.setattr(imports, "PROGRESS_EVERY", 10)
    monkeypatch.setattr(actions, "BATCH", 10)
    path = tmp_path / "roster.xlsx"
    path.write_bytes(to_xlsx(roster_rows(25)))
    _run(str(path))
    progress = capsys.readouterr().err
    assert "已校验 20 行" in progress and "已写入新学生 25/25 行" in progress
