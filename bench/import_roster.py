"""R0.2 benchmark (issue 2, section 9): the roster import beside a raw floor, at N students.

    .venv/bin/python bench/import_roster.py [N] [--no-english-names] [--repeat=K]
                                                    (N defaults to 100000, K to 3)

Writes an N-student roster .xlsx (biye/demo/synthetic.py: deterministic, realistic names) into a temporary
folder, then measures two phases, each in its own process so each has its own peak RSS:

  floor   read the file with python-calamine and insert the same values with sqlite3 executemany into one plain
          table (one transaction);
  import  Biye's import_roster action into a fresh, migrated SQLite database (migration not timed), which holds
          the English discipline names (附件5) as a real campaign would; --no-english-names leaves them out, so
          every student also gets a "no English name" finding (the worst case for R2.10).

and prints rows/s, seconds and peak RSS of both, and the ratio. The two run in turn K times (a shared machine's
speed drifts: each pair's ratio is taken within the pair) and the median ratio is the figure. Goal at N = 100,000:
the import takes at most 3x the floor's time and peaks at no more than 500 MB.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def phase_floor(path: Path, workdir: Path) -> dict:
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()
    header = next(rows)
    db = sqlite3.connect(workdir / "floor.sqlite3")
    columns = ", ".join(f"c{i}" for i in range(len(header)))
    db.execute(f"CREATE TABLE roster ({columns})")
    marks = ", ".join("?" * len(header))
    count = 0

    def values():
        nonlocal count
        for row in rows:
            count += 1
            yield [v.isoformat() if isinstance(v, dt.date) else v for v in row]

    with db:
        db.executemany(f"INSERT INTO roster VALUES ({marks})", values())
    db.close()
    return {"rows": count, "seconds": time.perf_counter() - started, "peak_mb": _peak_mb()}


def phase_import(path: Path, workdir: Path, english_names: bool = True) -> dict:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'biye.sqlite3'}"
    os.environ["BIYE_VAR_DIR"] = str(workdir / "var")
    os.environ["BIYE_LOCAL"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "biye.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from biye.core.models import Discipline
    from biye.demo import synthetic
    from biye.core.actions import system_actor
    from biye.roster.actions import import_roster

    if english_names:
        # As in a real campaign, the English discipline names (附件5) are on file before the roster arrives;
        # the few the generator leaves blank on purpose still raise their R2.10 finding.
        Discipline.objects.bulk_create(
            [Discipline(code=d.code, name_zh=d.name_zh, name_en=d.name_en) for d in synthetic.DISCIPLINES]
        )

    started = time.perf_counter()
    report = import_roster(data=path.read_bytes(), filename=path.name, campaign_year=2020, by=system_actor(), dry_run=False)
    seconds = time.perf_counter() - started
    if report.errors:
        raise SystemExit(f"the generated roster was rejected: {report.errors[:3]}")
    from biye.core.models import AuditEvent, Student

    return {
        "rows": report.rows, "seconds": seconds, "peak_mb": _peak_mb(), "created": report.created,
        "students": Student.objects.count(), "events": AuditEvent.objects.count(), "findings": report.findings,
    }


def _child(phase: str, path: Path, workdir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", phase, str(path), str(workdir)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(n: int, english_names: bool, repeat: int) -> None:
    from biye.demo import synthetic

    pairs = []
    with tempfile.TemporaryDirectory(prefix="biye-bench-") as tmp:
        workdir = Path(tmp)
        path = workdir / f"roster-{n}.xlsx"
        started = time.perf_counter()
        synthetic.write_xlsx(path, synthetic.generate_rows(n, flaws=max(4, n // 1000)))
        print(f"roster: {n} rows, {path.stat().st_size / 1e6:.1f} MB .xlsx, written in {time.perf_counter() - started:.1f} s")
        for k in range(repeat):  # floor and import in turn, each pair in a fresh folder: a ratio per pair
            run = workdir / f"run{k}"
            run.mkdir()
            floor = _child("floor", path, run)
            imported = _child("import" if english_names else "import-bare", path, run)
            pairs.append((floor, imported))
            for label, r in (("floor (calamine + sqlite3 executemany)", floor), ("import_roster", imported)):
                print(f"{label:40s} {r['rows'] / r['seconds']:10,.0f} rows/s  {r['seconds']:7.2f} s  peak RSS {r['peak_mb']:6.0f} MB")
            print(f"  pair {k + 1}: ratio {imported['seconds'] / floor['seconds']:.2f}x")
    imported = pairs[-1][1]
    print(f"students {imported['students']}, audit events {imported['events']}, findings {imported['findings']}")
    ratios = sorted(i["seconds"] / f["seconds"] for f, i in pairs)
    ratio = ratios[len(ratios) // 2]
    peak = max(i["peak_mb"] for _f, i in pairs)
    verdict = "ok" if ratio <= 3 and peak <= 500 else "MISSED"
    spread = f" (pairs {ratios[0]:.2f}x-{ratios[-1]:.2f}x)" if len(ratios) > 1 else ""
    print(f"ratio import/floor, median of {len(ratios)}: {ratio:.2f}x{spread} (goal <= 3x); "
          f"import peak {peak:.0f} MB (goal <= 500 MB): {verdict}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--phase":
        phase, file, folder = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
        if phase == "floor":
            result = phase_floor(file, folder)
        else:
            result = phase_import(file, folder, english_names=phase == "import")
        print(json.dumps(result))
    else:
        args = [a for a in sys.argv[1:] if not a.startswith("--")]
        repeat = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--repeat=")), 3)
        main(int(args[0]) if args else 100_000, english_names="--no-english-names" not in sys.argv, repeat=repeat)
