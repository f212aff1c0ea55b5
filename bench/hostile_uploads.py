"""Issue 9 benchmark: hostile upload files against the roster and vendor imports, beside a valid 2,000-row file.

    .venv/bin/python bench/hostile_uploads.py

Builds each file (tests/hostile_files.py: a sparse extent, a shared-string bomb, a row flood, long cells, a
decompression bomb with honest and with lying sizes), then, for each file and each path, runs the upload's dry run
in a fresh child process (limited to 4 GB of address space, so a regression cannot take the machine down) and
prints the time, the peak memory above the process's resting memory (Linux: VmHWM after the import, less VmRSS
before it, with the peak reset in between) and the first words of the answer. The roster path is
import_roster(dry_run=True), as the upload page runs it; the vendor path is parse_vendor_file and
import_vendor_results(dry_run=True), against a campaign that holds the 2,000 students of the valid roster; the
records path is the 附件5 table import (records.actions.import_disciplines, dry run), the project's third table
upload; the defense path is the conclusions section's defense-results and programme-status import
(conclusions.imports.import_standings, dry run, as the college's first college).

Goal: each hostile file refused in under 2 s and under 200 MB above resting memory.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VENDOR_HEADERS = ("学号", "姓名", "采集时间", "采集方式")
VENDOR_ROW = ("3120190001", "翟志刚", "2020-06-10 10:00", "线上")
GIB = 1024 * 1024 * 1024


def _status(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _setup(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'biye.sqlite3'}"
    os.environ["BIYE_VAR_DIR"] = str(workdir / "var")
    os.environ["BIYE_LOCAL"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "biye.settings"
    import django

    django.setup()


def phase(path_kind: str, file: Path, workdir: Path) -> dict:
    """In the child: set up (not measured), then one dry run of one file."""
    resource.setrlimit(resource.RLIMIT_AS, (4 * GIB, 4 * GIB))
    _setup(workdir)
    from django.utils import timezone

    from biye.core.actions import system_actor
    from biye.core.errors import ActionRefused
    from biye.core.models import Campaign, Person
    from biye.photos import actions
    from biye.photos.imports import parse_vendor_file
    from biye.roster.actions import import_roster

    data = file.read_bytes()
    vendor = Person.objects.get(username="bench-vendor") if path_kind == "vendor" else None
    campaign = Campaign.current()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current RSS
    except OSError:
        pass
    resting = _status("VmRSS")
    started = time.perf_counter()
    try:
        if path_kind == "roster":
            report = import_roster(data=data, filename=file.name, campaign_year=2020, by=system_actor(), dry_run=True)
            answer = f"{report.errors.total} row errors" if report.errors else f"ok, {report.rows} rows"
        elif path_kind == "records":
            from biye.records.actions import import_disciplines

            report = import_disciplines(data=data, filename=file.name, by=system_actor(), dry_run=True)
            answer = f"{len(report.errors)} row errors" if report.errors else f"ok, {report.rows} rows"
        elif path_kind == "defense":
            from biye.conclusions.imports import import_standings
            from biye.core.models import College

            college = College.objects.order_by("code").first()
            report = import_standings(data=data, filename=file.name, campaign=campaign, college=college,
                                      by=system_actor(), dry_run=True)
            answer = f"{len(report.errors)} row errors" if report.errors else f"ok, {report.rows} rows"
        else:
            rows = parse_vendor_file(data, file.name)
            report = actions.import_vendor_results(campaign=campaign, rows=rows, file_name=file.name, by=vendor,
                                                   now=timezone.now(), dry_run=True)
            answer = f"ok, {len(report.taken)} taken, {len(report.rejected)} rejected"
    except ActionRefused as refused:
        answer = "refused: " + refused.message
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_above_rest_mb": _status("VmHWM") - resting, "resting_mb": resting,
            "answer": answer}


def prepare(workdir: Path, roster: Path) -> None:
    """Once: a migrated database with the valid roster's 2,000 students, a vendor account, an open window."""
    _setup(workdir)
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from biye.core.actions import system_actor
    from biye.core.models import Campaign, Deadline, Person, Role, RoleGrant
    from biye.roster.actions import import_roster

    report = import_roster(data=roster.read_bytes(), filename=roster.name, campaign_year=2020, by=system_actor(),
                           dry_run=False)
    assert report.ok, report.errors[:3]
    campaign = Campaign.objects.get(year=2020)
    now = timezone.now()
    Deadline.objects.filter(campaign=campaign, kind=Deadline.Kind.PHOTO_ONLINE).update(
        opens=now - dt.timedelta(days=3), closes=now + dt.timedelta(days=1))
    Deadline.objects.filter(campaign=campaign, kind=Deadline.Kind.PHOTO_MAKEUP).update(
        opens=now + dt.timedelta(days=1), closes=now + dt.timedelta(days=8))
    vendor = Person.objects.create_user(username="bench-vendor", password=None, display_name="影像中心")
    RoleGrant.objects.create(person=vendor, role=Role.VENDOR)


def _valid_files(folder: Path) -> tuple[Path, Path]:
    try:
        from biye.demo import synthetic  # where the generator lives once it leaves the roster app
    except ImportError:
        from biye.roster import synthetic
    import datetime as dt

    from biye.core import tabular

    rows = list(synthetic.generate_rows(2000, flaws=0))
    roster = folder / "valid-roster-2000.xlsx"
    synthetic.write_xlsx(roster, rows)
    vendor = folder / "valid-vendor-2000.xlsx"
    moment = (dt.datetime.now() - dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    with vendor.open("wb") as out:
        tabular.write_xlsx(out, list(VENDOR_HEADERS), ([r["学号"], r["姓名"], moment, "线上"] for r in rows))
    return roster, vendor


def _hostile_files(folder: Path) -> list[tuple[str, Path, str]]:
    """(label, file, which paths): built once, each small on disk."""
    from biye.roster.columns import HEADERS as ROSTER_HEADERS
    from tests import hostile_files as hostile

    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    files = [
        ("sparse extent (XFD1048576)", write("sparse.xlsx", hostile.sparse_extent(ROSTER_HEADERS)), "both"),
        ("sparse extent, no references", write("sparse-positional.xlsx",
                                               hostile.sparse_extent_positional(ROSTER_HEADERS)), "both"),
        ("shared-string bomb (1.1 GB string)", write("shared-bomb.xlsx",
                                                     hostile.shared_string_bomb(VENDOR_HEADERS, 1_100_000_000)), "both"),
        ("3,000,000 distinct shared strings", write("many-strings.xlsx",
                                                    hostile.many_shared_strings(VENDOR_HEADERS, 3_000_000)), "both"),
        ("row flood (1,075,000 rows)", write("row-flood.xlsx",
                                             hostile.row_flood(VENDOR_HEADERS, VENDOR_ROW, 1_075_000)), "both"),
        ("long cell, CSV (200,000 chars)", write("long-cell.csv",
                                                 hostile.long_cell_csv(VENDOR_HEADERS, VENDOR_ROW, 200_000)), "both"),
        ("long cell, CSV (40,000 chars)", write("long-cell-40k.csv",
                                                hostile.long_cell_csv(VENDOR_HEADERS, VENDOR_ROW, 40_000)), "both"),
        (".xls, one far cell (IV65536)", write("far.xls", hostile.old_workbook(
            [*((0, i, h) for i, h in enumerate(ROSTER_HEADERS)), (65535, 255, "x")])), "both"),
        (".xls declaring 65,536 x 256", write("far-declared.xls", hostile.old_workbook(
            [(0, i, h) for i, h in enumerate(ROSTER_HEADERS)], dimensions=(65536, 256))), "both"),
        ("decompression bomb (1 GB of zeros)", write("bomb.xlsx",
                                                     hostile.decompression_bomb(ROSTER_HEADERS, GIB)), "both"),
        ("decompression bomb, lying sizes", write("bomb-lying.xlsx",
                                                  hostile.decompression_bomb(ROSTER_HEADERS, GIB, lie=True)), "both"),
    ]
    return files


def _child(path_kind: str, file: Path, workdir: Path) -> dict:
    done = subprocess.run([sys.executable, __file__, "--phase", path_kind, str(file), str(workdir)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"seconds": float("nan"), "peak_above_rest_mb": float("nan"), "resting_mb": float("nan"),
                "answer": f"CRASHED (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="biye-hostile-") as tmp:
        folder = Path(tmp)
        _setup(folder)  # the builders read the roster's headers; nothing here touches the database
        roster, vendor = _valid_files(folder)
        subprocess.run([sys.executable, __file__, "--prepare", str(roster), str(folder)], check=True, cwd=ROOT)
        started = time.perf_counter()
        hostile = _hostile_files(folder)
        print(f"built {len(hostile)} hostile files in {time.perf_counter() - started:.1f} s: " + ", ".join(
            f"{p.name} {p.stat().st_size / 1024:,.0f} KB" for _label, p, _w in hostile))
        print(f"{'file':38s} {'path':7s} {'seconds':>8s} {'MB above rest':>14s}  answer")
        worst = (0.0, 0.0)
        runs = [("valid 2,000-row roster", roster, "roster"), ("valid 2,000-row vendor file", vendor, "vendor")]
        kinds = ("roster", "vendor", "records", "defense")
        runs += [(label, path, kind) for label, path, _w in hostile for kind in kinds]
        for label, path, kind in runs:
            r = _child(kind, path, folder)
            print(f"{label:38s} {kind:7s} {r['seconds']:8.2f} {r['peak_above_rest_mb']:14.1f}  {r['answer'][:90]}")
            if not label.startswith("valid"):
                worst = (max(worst[0], r["seconds"]), max(worst[1], r["peak_above_rest_mb"]))
        verdict = "ok" if worst[0] < 2 and worst[1] < 200 else "MISSED"
        print(f"worst hostile file: {worst[0]:.2f} s, {worst[1]:.1f} MB above resting "
              f"(goal < 2 s and < 200 MB): {verdict}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        print(json.dumps(phase(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))))
    elif len(sys.argv) > 1 and sys.argv[1] == "--prepare":
        prepare(Path(sys.argv[3]), Path(sys.argv[2]))
    else:
        main()
