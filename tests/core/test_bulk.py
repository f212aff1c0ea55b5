"""core/bulk.py: the plain INSERTs of large writes store what the ORM would, and say which ids the rows got."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from biye.core import bulk
from biye.core.models import AuditEvent, Person

COLUMNS = ("username", "password", "display_name", "first_name", "last_name", "email", "is_staff", "is_active",
           "is_superuser", "date_joined")


def _logins(*names: str) -> list[tuple]:
    now = timezone.now()
    return [(n, "!", n, "", "", "", False, True, False, now) for n in names]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("in_transaction", [True, False])
def test_R0_2_inserted_rows_are_given_back_with_their_ids(in_transaction):
    Person.objects.create(username="earlier")  # ids do not start at 1
    with transaction.atomic() if in_transaction else contextlib.nullcontext():
        ids = bulk.insert_returning_ids(Person, COLUMNS, _logins("s1", "s2", "s3"), key="username")
    assert ids == dict(Person.objects.filter(username__startswith="s").values_list("username", "id"))
    assert bulk.insert_returning_ids(Person, COLUMNS, [], key="username") == {}


@pytest.mark.django_db(transaction=True)
def test_R0_2_ids_are_looked_up_when_the_inserts_did_not_get_consecutive_ids(monkeypatch):
    """Should the row ids at both ends not be the rows' (another writer, a trigger), the ids come from the table."""
    if connection.vendor != "sqlite":
        pytest.skip("the ids are read off the inserts only on SQLite")
    looked_up = []
    real_lookup = bulk.lookup
    monkeypatch.setattr(bulk, "lookup", lambda *a, **k: looked_up.append(a) or real_lookup(*a, **k))
    with transaction.atomic():
        with connection.cursor() as cursor:  # a trigger puts a row of its own between each two of ours
            cursor.execute("""CREATE TEMP TRIGGER interleave AFTER INSERT ON core_person WHEN NEW.username LIKE 's%'
                              BEGIN INSERT INTO core_person (username, password, display_name, first_name, last_name,
                              email, is_staff, is_active, is_superuser, date_joined)
                              VALUES ('x' || NEW.username, '!', '', '', '', '', 0, 1, 0, NEW.date_joined); END""")
        ids = bulk.insert_returning_ids(Person, COLUMNS, _logins("s1", "s2"), key="username")
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER interleave")
    assert looked_up and ids == dict(Person.objects.filter(username__in=["s1", "s2"]).values_list("username", "id"))


@pytest.mark.django_db
def test_R5_3_events_written_in_bulk_read_back_as_the_orm_writes_them():
    actor = Person.objects.create(username="gs")
    at = dt.datetime(2026, 6, 1, 8, tzinfo=dt.UTC)
    bulk.insert_rows(
        AuditEvent, ("at", "actor_id", "actor_label", "action", "object_type", "object_id", "object_label", "note",
                     "after"),
        [(at, actor.pk, "gs", "t.a", "core.person", "1", "x", "", {"username": "s1", "display_name": "张三"}),
         (at, actor.pk, "gs", "t.b", "core.person", "2", "y", "", None)],
    )
    assert list(AuditEvent.objects.order_by("action").values_list("at", "after")) == [
        (at, {"username": "s1", "display_name": "张三"}), (at, None)]
    assert AuditEvent.objects.filter(after__username="s1").count() == 1  # stored as JSON, not as a string
