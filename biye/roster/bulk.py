"""Plain multi-row INSERTs for the roster's large writes.

A 100,000-student roster creates 100,000 logins, students and audit events; building a model instance for each and
letting bulk_create prepare every field costs several times what the database itself needs. These helpers prepare
only the values that need it (dates, decimals, JSON, datetimes) through the field's own get_db_prep_save, so what
is stored is exactly what the ORM would store, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

_PREPARED_TYPES = {"DateField", "DateTimeField", "DecimalField", "JSONField"}


def insert_rows(model: type[models.Model], field_names: Sequence[str], rows: Iterable[Sequence[Any]], *, batch_size: int = 2000) -> int:
    """INSERT the rows (values in the order of field_names, attnames for foreign keys) in batches. Returns the
    number of rows inserted. Defaults of fields not named are not applied: name every NOT NULL column."""
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    prepared = [(i, f) for i, f in enumerate(fields) if f.get_internal_type() in _PREPARED_TYPES]
    total = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, batch_size)):
            if prepared:
                batch = [_prepare(row, prepared) for row in batch]
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def _prepare(row: Sequence[Any], prepared: list[tuple[int, models.Field]]) -> list[Any]:
    values = list(row)
    for i, f in prepared:
        if values[i] is not None:
            values[i] = f.get_db_prep_save(values[i], connection)
    return values


def insert_objects(model: type[models.Model], objs: Sequence[models.Model], *, batch_size: int = 2000) -> int:
    """INSERT unsaved instances (their primary keys are left to the database and not read back)."""
    names = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    return insert_rows(model, names, ([getattr(o, n) for n in names] for o in objs), batch_size=batch_size)
