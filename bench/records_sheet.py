"""Time to export one college's 附件6 sheet of N 双证 students (default 2000) as .xlsx and as PDF, the whole
export (scoped query, pinyin facts, 备注, writing) as `biye export verification-sheet` does it:

    .venv/bin/python bench/records_sheet.py [N]

Imports an N-student synthetic roster, every student of one college and 双证, into a fresh SQLite database (not
timed), files and confirms a pinyin for half of them, then writes the sheet 3 times per format and prints the
median. bench/official_forms.py measures the writer alone on made-up rows, for comparison.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROUNDS = 3


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="biye-bench-sheet-"))
    (tmp / "var").mkdir()
    os.environ.update(DATABASE_URL=f"sqlite:///{tmp / 'biye.sqlite3'}", BIYE_VAR_DIR=str(tmp / "var"),
                      BIYE_LOCAL="1", DJANGO_SETTINGS_MODULE="biye.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from biye.core.actions import system_actor
    from biye.core.models import Campaign, College, Discipline, Student
    from biye.names.models import NameRecord
    from biye.records.exports import write_sheets
    from biye.demo import synthetic
    from biye.roster.actions import import_roster

    Discipline.objects.bulk_create(
        [Discipline(code=d.code, name_zh=d.name_zh, name_en=d.name_en) for d in synthetic.DISCIPLINES])
    rows = []
    for row in synthetic.generate_rows(n):
        row.update({"学院代码": "080", "学院名称": "计算机学院", "证书类型": "双证"})
        rows.append(row)
    path = tmp / "roster.xlsx"
    synthetic.write_xlsx(path, rows)
    report = import_roster(data=path.read_bytes(), filename=path.name, campaign_year=2020, by=system_actor(),
                           dry_run=False)
    assert not report.errors, report.errors[:3]
    now = timezone.now()
    NameRecord.objects.bulk_create([
        NameRecord(student_id=pk, spelling="Zhang Wei", source="student", filed_at=now, confirmed_at=now,
                   method="online", version=2)
        for pk in Student.objects.values_list("pk", flat=True)[: n // 2]])
    campaign, college = Campaign.objects.get(year=2020), College.objects.get(code="080")
    students = Student.objects.all()
    print(f"{n} students of one college (setup, not timed)")
    for suffix in (".xlsx", ".pdf"):
        times, size, count = [], 0, 0
        for _ in range(ROUNDS):
            buffer = io.BytesIO()
            started = time.perf_counter()
            count = write_sheets(buffer, students=students, campaign=campaign, college=college, suffix=suffix)
            times.append(time.perf_counter() - started)
            size = len(buffer.getvalue())
        print(f"附件6 {suffix:5}  {count} rows  {statistics.median(times) * 1000:8.0f} ms (median of {ROUNDS})  "
              f"{size / 1024:8.0f} KiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
