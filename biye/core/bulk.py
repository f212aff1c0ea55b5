"""Plain multi-row INSERTs for large writes (the roster import, and audit.record_many for its events).

A 100,000-student roster creates 100,000 logins, students and audit events; building a model instance for each and
letting bulk_create prepare every field costs several times what the database itself needs. These helpers pass
plain values straight to the driver, and prepare through the field's own get_db_prep_save only the types whose
stored form differs from what the driver makes of them (aware datetimes, JSON), so what is stored is what the ORM
would store, on SQLite and PostgreSQL alike. (Dates and decimals need no preparing: Django's SQLite backend
registers adapters for them, and psycopg adapts them natively.)
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import Any

from django.db import connection, models

_PREPARED_TYPES = {"DateTimeField", "JSONField"}


def insert_rows(
    model: type[models.Model],
    field_names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    batch_size: int = 2000,
    ready: Sequence[str] = (),
) -> int:
    """INSERT the rows (values in the order of field_names, attnames for foreign keys) in batches. Returns the
    number of rows inserted. Defaults of fields not named are not applied: name every NOT NULL column.
    `ready` names fields whose values the caller has already put in database form (db_value)."""
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    prepared = [
        (i, f) for i, f in enumerate(fields) if f.get_internal_type() in _PREPARED_TYPES and f.name not in ready
    ]
    same: dict = {}
    ops = connection.ops
    total = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, batch_size)):
            if prepared:
                batch = [_prepare(row, prepared, same, ops) for row in batch]
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def _prepare(row: Sequence[Any], prepared: list[tuple[int, models.Field]], same: dict, ops) -> list[Any]:
    values = list(row)
    for i, f in prepared:
        value = values[i]
        if value is None:
            continue
        if isinstance(f, models.JSONField):
            values[i] = ops.adapt_json_value(value, f.encoder)  # what JSONField.get_db_prep_save does for plain data
        else:
            # An import stamps every row with the same moment: prepare it once.
            if value not in same:
                same[value] = f.get_db_prep_save(value, connection)
            values[i] = same[value]
    return values


def db_value(model: type[models.Model], field_name: str, value: Any) -> Any:
    """One value in database form, for a value many rows share (an import's timestamp)."""
    return model._meta.get_field(field_name).get_db_prep_save(value, connection)


def lookup(model: type[models.Model], key: str, value: str, keys: Sequence[Any], **equal: Any) -> dict[Any, Any]:
    """{key: value} of the rows whose `key` is one of `keys` (and whose other fields equal `equal`), in one plain
    query: a filter(key__in=...) of 2,000 values spends more time preparing them than the database needs."""
    if not keys:
        return {}
    meta, quote = model._meta, connection.ops.quote_name
    where = [f"{quote(meta.get_field(key).column)} IN ({', '.join(['%s'] * len(keys))})"]
    params = list(keys)
    for name, wanted in equal.items():
        where.append(f"{quote(meta.get_field(name).column)} = %s")
        params.append(wanted)
    sql = "SELECT {}, {} FROM {} WHERE {}".format(
        quote(meta.get_field(key).column), quote(meta.get_field(value).column), quote(meta.db_table), " AND ".join(where)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large file is read and written. An import allocates a few million
    small objects that live until it ends; the collector would walk them again and again (about a tenth of a
    100,000-row import) and find nothing, as these objects hold no reference cycles. Reference counting still
    frees everything as usual; the collector resumes (if it was on) when the block ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
