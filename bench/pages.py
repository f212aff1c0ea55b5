"""List pages at campaign scale: milliseconds and queries per page, beside a raw floor.

    .venv/bin/python bench/pages.py [N]        (N students, default 50000)

Imports an N-student synthetic roster into a fresh SQLite database (not timed), then requests each list page
through Django's test client as the person who uses it, 5 times, and prints the median time and the number of
SQL queries. The floor, measured in the same run, is one raw sqlite3 GROUP BY over the student table (the least
any per-college count must cost). Pages are paginated, so their time should follow the counting, not N rows.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROUNDS = 5


def _median_ms(fn) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="biye-bench-pages-"))
    (tmp / "var" / "static").mkdir(parents=True)
    os.environ.update(
        DATABASE_URL=f"sqlite:///{tmp / 'biye.sqlite3'}", BIYE_VAR_DIR=str(tmp / "var"), BIYE_LOCAL="1",
        BIYE_PLAIN_STATIC="1", DJANGO_SETTINGS_MODULE="biye.settings",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from biye.core.models import College, Discipline, Person, Role, RoleGrant
    from biye.demo import synthetic
    from biye.core.actions import system_actor
    from biye.roster.actions import import_roster

    Discipline.objects.bulk_create(
        [Discipline(code=d.code, name_zh=d.name_zh, name_en=d.name_en) for d in synthetic.DISCIPLINES]
    )
    path = tmp / "roster.xlsx"
    synthetic.write_xlsx(path, synthetic.generate_rows(n))
    started = time.perf_counter()
    report = import_roster(data=path.read_bytes(), filename=path.name, campaign_year=2020, by=system_actor(), dry_run=False)
    assert not report.errors, report.errors[:3]
    print(f"{n} students imported in {time.perf_counter() - started:.1f} s (setup, not part of the figures)")

    college = College.objects.order_by("code").first()
    gs = Person.objects.create_user("bench-gs")
    RoleGrant.objects.create(person=gs, role=Role.GRADUATE_SCHOOL)
    handler = Person.objects.create_user("bench-handler")
    RoleGrant.objects.create(person=handler, role=Role.HANDLER, college=college)

    db = sqlite3.connect(tmp / "biye.sqlite3")
    floor = _median_ms(lambda: db.execute("SELECT college_id, COUNT(*) FROM core_student GROUP BY college_id").fetchall())
    print(f"floor: raw GROUP BY over {n} students {floor:8.1f} ms")

    pages = [
        (gs, "/gs/", "Graduate School overview (every college x task)"),
        (gs, "/names/risks/", "English diploma name risks"),
        (gs, "/photos/list/a/", "photo list A, whole school"),
        (gs, "/gs/audit/", "audit search, first page"),
        (handler, f"/college/{college.code}/", "college home (counts + students)"),
        (handler, f"/names/college/{college.code}/", "college pinyin list"),
        (handler, "/photos/list/b/", "photo list B, one college"),
    ]
    for person, url, label in pages:
        client = Client()
        client.force_login(person)
        assert client.get(url).status_code == 200, url
        queries: list[str] = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        ms = _median_ms(lambda: client.get(url))
        print(f"{label:50s} {url:24s} {ms:8.1f} ms  {len(queries):3d} queries  {ms / floor:6.1f}x floor")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
