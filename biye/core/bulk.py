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
from collections.abc import Callable, Iterable, Iterator, Sequence
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
    converters = [
        (i, _converter(f, same={})) for i, f in enumerate(fields)
        if f.get_internal_type() in _PREPARED_TYPES and f.name not in ready
    ]
    total = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(iterator, batch_size)):
            if converters:
                batch = [_prepare(row, converters) for row in batch]
            cursor.executemany(sql, batch)
            total += len(batch)
    return total


def _prepare(row: Sequence[Any], converters: list[tuple[int, Callable[[Any], Any]]]) -> list[Any]:
    values = list(row)
    for i, convert in converters:
        value = values[i]
        if value is not None:
            values[i] = convert(value)
    return values


def _converter(field: models.Field, same: dict) -> Callable[[Any], Any]:
    """How one field's values are put in database form, decided once for all the rows."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        return lambda value: ops.adapt_json_value(value, encoder)  # what JSONField.get_db_prep_save does

    def moment(value: Any) -> Any:  # an import stamps every row with the same moment: prepare it once
        if value not in same:
            same[value] = field.get_db_prep_save(value, connection)
        return same[value]

    return moment


def db_value(model: type[models.Model], field_name: str, value: Any) -> Any:
    """One value in database form, for a value many rows share (an import's timestamp)."""
    return model._meta.get_field(field_name).get_db_prep_save(value, connection)


def insert_returning_ids(
    model: type[models.Model], field_names: Sequence[str], rows: Sequence[Sequence[Any]], *, key: str,
    ready: Sequence[str] = (), **equal: Any,
) -> dict[Any, int]:
    """insert_rows, then {key: id} of the rows inserted (`key` a field among field_names that tells them apart; with
    `equal`, as lookup). On SQLite inside a transaction the ids are read off the inserts themselves: the transaction
    holds the database's one write lock, so the rows of one executemany are given consecutive row ids, the last of
    which SQLite reports; both ends are checked against the rows' keys. Elsewhere (or should a check fail) the ids
    are looked up."""
    if not rows:
        return {}
    insert_rows(model, field_names, rows, batch_size=len(rows), ready=ready)
    position = list(field_names).index(key)
    if connection.vendor == "sqlite" and connection.in_atomic_block:
        meta, quote = model._meta, connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute("SELECT last_insert_rowid()")
            (last,) = cursor.fetchone()
            first = last - len(rows) + 1
            cursor.execute("SELECT {}, {} FROM {} WHERE {} IN (%s, %s)".format(
                quote(meta.pk.column), quote(meta.get_field(key).column), quote(meta.db_table), quote(meta.pk.column)
            ), [first, last])
            ends = dict(cursor.fetchall())
        if ends.get(first) == rows[0][position] and ends.get(last) == rows[-1][position]:
            return {row[position]: first + offset for offset, row in enumerate(rows)}
    return lookup(model, key, "id", [row[position] for row in rows], **equal)


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


LARGE_WRITE_CACHE_KB = 64 * 1024


@contextmanager
def large_write() -> Iterator[None]:
    """What a write of 100,000 rows into several indexed tables needs: the cycle collector paused (below) and, on
    SQLite, room in the page cache. SQLite's default cache (2 MB) holds a few of the B-tree pages that a roster
    import touches in turn (students, logins, events and their indexes); the pages it drops are written out to
    the WAL and read back again. The cache is the connection's own and is set back when the block ends."""
    with cyclic_gc_paused():
        if connection.vendor != "sqlite":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size")
            (before,) = cursor.fetchone()
            cursor.execute(f"PRAGMA cache_size = {-LARGE_WRITE_CACHE_KB:d}")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before):d}")


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
