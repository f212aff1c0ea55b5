"""Is this server fit to take requests? For a load balancer's /healthz: the database answers, and every
migration this code knows of is applied there (a server started before `biye migrate` must not get traffic)."""

from __future__ import annotations

from functools import cache

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


@cache
def _known_migrations() -> frozenset[tuple[str, str]]:
    # Read from disk once per process: the code's migrations do not change while it runs.
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def problem() -> str | None:
    """None when healthy, otherwise a short English reason for the operator's logs."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError as error:
        return f"database unreachable: {error.__class__.__name__}"
    missing = _known_migrations() - applied
    if missing:
        return f"{len(missing)} migration(s) not applied: run biye migrate"
    return None
