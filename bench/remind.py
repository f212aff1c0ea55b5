"""B4 benchmark: `biye remind` at campaign scale — queries and seconds per task, whatever the number of students.

    .venv/bin/python bench/remind.py [N]        (N students, default 100000)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/empty_db .venv/bin/python bench/remind.py N

Imports an N-student synthetic roster into a fresh database (SQLite in a temporary folder, or the empty
PostgreSQL database named; not timed), gives every other student an e-mail address, a handler to each college
and one Graduate School account, and sends mail through Django's in-memory backend (so the figures are Biye's
work, not an SMTP server's). Then it runs the reminder rules at a moment when the pinyin-filing 3-day reminders
are due and prints, for each task and audience, the queries and milliseconds of finding whom to remind; then
the queries and seconds of writing and sending them all; then a second run at the same moment (idempotence:
it must find nobody and write nothing).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class Counter:
    """Queries run, and how many of them were INSERTs (SQLite splits a bulk insert into statements of 999
    parameters, so there the INSERTs follow the number of rows; every other query is a fixed number)."""

    def __init__(self) -> None:
        self.n = 0
        self.inserts = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        self.inserts += sql.lstrip().upper().startswith("INSERT")
        return execute(sql, params, many, context)


def main(n: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="biye-bench-remind-"))
    (tmp / "var" / "static").mkdir(parents=True)
    os.environ.update(
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'biye.sqlite3'}",
        BIYE_VAR_DIR=str(tmp / "var"), BIYE_LOCAL="1", BIYE_PLAIN_STATIC="1", DJANGO_SETTINGS_MODULE="biye.settings",
    )
    import django

    django.setup()
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import F, Value
    from django.db.models.functions import Concat, Mod

    settings.BIYE_MAIL_OUTBOX_ONLY = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    from biye.core.actions import system_actor
    from biye.core.models import Campaign, College, Discipline, Person, Role, RoleGrant
    from biye.reminders import actions, queries
    from biye.reminders.models import Reminder
    from biye.demo import synthetic
    from biye.roster.actions import import_roster

    Discipline.objects.bulk_create(
        [Discipline(code=d.code, name_zh=d.name_zh, name_en=d.name_en) for d in synthetic.DISCIPLINES]
    )
    path = tmp / "roster.xlsx"
    synthetic.write_xlsx(path, synthetic.generate_rows(n))
    started = time.perf_counter()
    report = import_roster(data=path.read_bytes(), filename=path.name, campaign_year=2020, by=system_actor(),
                           dry_run=False)
    assert not report.errors, report.errors[:3]
    Person.objects.filter(student_record__isnull=False).annotate(odd=Mod("id", 2)).filter(odd=0).update(
        email=Concat(F("username"), Value("@stu.example.edu.cn")))
    for college in College.objects.all():
        h = Person.objects.create_user(f"bench-handler-{college.code}", email=f"h{college.code}@example.edu.cn")
        RoleGrant.objects.create(person=h, role=Role.HANDLER, college=college)
    gs = Person.objects.create_user("bench-gs", email="gs@example.edu.cn")
    RoleGrant.objects.create(person=gs, role=Role.GRADUATE_SCHOOL)
    campaign = Campaign.current()
    print(f"{n} students imported in {time.perf_counter() - started:.1f} s on {connection.vendor} "
          f"(setup, not part of the figures)")

    now = dt.datetime(2020, 6, 10, 9, tzinfo=ZoneInfo("Asia/Shanghai"))  # 3 days before pinyin filing closes
    batches = []
    for task in queries.reminder_tasks():
        deadline = campaign.deadlines.get(kind=task.deadline_kind)
        for label, fn in (("students", queries.students_due), ("handlers", queries.handlers_due)):
            counter = Counter()
            t0 = time.perf_counter()
            with connection.execute_wrapper(counter):
                batch = fn(campaign, task, deadline, "3d")
            ms = (time.perf_counter() - t0) * 1000
            batches.append(batch)
            print(f"find  {task.key:16s} {label:9s} {len(batch.messages):7d} to remind  {counter.n:3d} queries "
                  f"{ms:9.1f} ms")

    counter = Counter()
    t0 = time.perf_counter()
    with connection.execute_wrapper(counter):
        _batches, outcome = actions.run(now=now)
    seconds = time.perf_counter() - t0
    print(f"run   all tasks: {outcome.written} reminders written ({Reminder.objects.filter(channel='email').count()} "
          f"e-mails), {outcome.failed} failed, {counter.n} queries ({counter.inserts} of them INSERT), {seconds:.1f} s")
    counter = Counter()
    t0 = time.perf_counter()
    with connection.execute_wrapper(counter):
        again, outcome = actions.run(now=now + dt.timedelta(hours=1))
    print(f"again same lead: {outcome.written} written, {counter.n} queries, {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
