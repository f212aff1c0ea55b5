"""Time to export the 毕业报库 registration file for N graduates, beside raw xlsxwriter writing the same cells.

    .venv/bin/python bench/registration_export.py [N]        (N graduates, default 100000)

Builds N graduates with accepted conclusions in a fresh SQLite database (not timed), then times the export as
the Graduate School runs it (reading the rows, the exclusions, the facts, writing .xlsx), and raw xlsxwriter
writing only the cells of that file. Goal: the export within 2× the raw writing. The .dbf is timed too.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROUNDS = 3


def _median(fn) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _build(n: int):
    from django.utils import timezone

    from biye.conclusions.models import Report
    from biye.core import calendar
    from biye.core.models import Campaign, College, Discipline, Person, Student, Submission
    from biye.names.models import NameRecord

    campaign = Campaign.objects.create(year=2020, label="2020届", is_current=True, photo_cutoff_year=2018,
                                       president_name="张校长", summer_graduation_date=dt.date(2020, 6, 30))
    calendar.ensure_defaults(campaign)
    colleges = College.objects.bulk_create([College(code=f"{i:02d}", name=f"第{i}学院") for i in range(1, 21)])
    discipline = Discipline.objects.create(code="081200", name_zh="计算机科学与技术")
    gs = Person.objects.create(username="gs")
    now = timezone.now()
    batch = 5000
    for start in range(0, n, batch):
        Student.objects.bulk_create([
            Student(campaign=campaign, college=colleges[i % 20], discipline=discipline, number=f"3120{i:07d}",
                    name="欧阳修远", gender="男", ethnicity="汉族", birth_date=dt.date(1995, 3, 7), id_type="居民身份证",
                    id_number=f"1101011995030{i:05d}", level="硕士", study_mode="全日制", training_type="非定向",
                    certificate_type="单证" if i % 97 == 0 else "双证", enrolled_on=dt.date(2017, 9, 1),
                    schooling_years=Decimal("3"), max_years=Decimal("5"), expected_term="夏季",
                    photo_on_file=i % 89 != 0, examinee_number=f"17110101{i:06d}")
            for i in range(start, min(n, start + batch))])
    ids = list(Student.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        Report.objects.bulk_create([Report(student_id=i, conclusion="毕业", proposed_at=now, proposed_by=gs)
                                    for i in chunk])
        NameRecord.objects.bulk_create([NameRecord(student_id=i, spelling="Ouyang Xiuyuan", source="student",
                                                   confirmed_at=now, method="online") for i in chunk])
    for college in colleges:
        for kind in ("verification", "conclusions_summer"):
            Submission.objects.create(campaign=campaign, college=college, kind=kind, state="accepted",
                                      first_submitted_at=dt.datetime(2020, 6, 17, tzinfo=dt.UTC), accepted_at=now)
    return campaign


def _raw(reg) -> None:
    import xlsxwriter

    from biye.conclusions import exports

    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True, "strings_to_formulas": False})
    for title, headers, rows in (("毕业报库", [*exports.FIELDS, exports.RISK_HEADER], reg.rows),
                                 ("未报名单", exports.EXCLUDED_HEADERS, reg.excluded),
                                 ("说明", ["说明"], [[x] for x in reg.notes])):
        sheet = workbook.add_worksheet(title)
        for col, h in enumerate(headers):
            sheet.write_string(0, col, h)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if value:
                    sheet.write_string(r, col, value)
    workbook.close()


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="biye-bench-registration-"))
    (tmp / "var" / "static").mkdir(parents=True)
    os.environ.update(DATABASE_URL=f"sqlite:///{tmp / 'biye.sqlite3'}", BIYE_VAR_DIR=str(tmp / "var"),
                      BIYE_LOCAL="1", DJANGO_SETTINGS_MODULE="biye.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from biye.conclusions import exports
    from biye.conclusions.models import Round

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    campaign = _build(n)
    print(f"built {n} graduates in {time.perf_counter() - started:.0f} s (not timed below)")
    reg = exports.registration(campaign, Round.SUMMER)
    xlsx = _median(lambda: exports.registration_bytes(campaign, Round.SUMMER))
    dbf = _median(lambda: exports.registration_bytes(campaign, Round.SUMMER, suffix=".dbf"))
    raw = _median(lambda: _raw(reg))
    print(f"{len(reg.rows)} reported, {len(reg.excluded)} left out, {len(exports.FIELDS) + 1} columns")
    print(f"raw xlsxwriter, same cells     : {raw:7.2f} s")
    print(f"registration export .xlsx      : {xlsx:7.2f} s  ({xlsx / raw:.2f}× raw; goal ≤ 2×)")
    print(f"registration export .dbf       : {dbf:7.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
