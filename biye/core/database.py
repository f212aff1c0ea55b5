"""Commands that read or write campaign data make sure the database is there first.

A fresh machine's first `biye import-roster` (or export, or grant-role) finds an empty SQLite file: it sets
the database up, as `make demo` does, and says so. A database that already holds tables but lacks some
migrations is not touched: upgrading a live database is the operator's `biye migrate`, so the command
refuses and says exactly that."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _


def ensure_ready(stdout=None) -> None:
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.introspection.table_names():
        call_command("migrate", interactive=False, verbosity=0)
        if stdout is not None:
            stdout.write(_("首次使用：已初始化数据库。"))
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(_("数据库需要升级：请先运行 biye migrate，然后重试。"))
