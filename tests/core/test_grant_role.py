"""Who may do what is given by the server's operator until single sign-on arrives: roles are granted and
revoked by an audited action, through `biye grant-role`."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from biye.core import actions
from biye.core.models import AuditEvent, Person, RoleGrant


def _run(*args) -> str:
    out = io.StringIO()
    call_command("grant-role", *args, stdout=out)
    return out.getvalue()


def test_R5_3_the_first_graduate_school_member_is_created_and_granted(db, client):
    assert "已新建账号" in _run("wang", "gs", "--create", "--name", "王老师")
    wang = Person.objects.get(username="wang")
    assert RoleGrant.objects.filter(person=wang, role="gs", college=None).exists()
    event = AuditEvent.objects.get(action="core.grant_role")
    assert event.actor.is_system and event.actor_label == "系统（命令行）"
    assert event.after == {"role": "gs", "college": None}
    client.force_login(wang)
    resp = client.get("/gs/")  # let in (not 403); before the first roster there is no campaign to show
    assert resp.status_code == 404 and "还没有毕业工作" in resp.content.decode()
    assert "已有这个角色" in _run("wang", "gs")
    assert AuditEvent.objects.filter(action="core.grant_role").count() == 1


def test_R5_3_a_handler_needs_a_college_and_gets_only_that_college(people):
    with pytest.raises(CommandError, match="须指定学院"):
        _run("T1001", "handler")
    with pytest.raises(CommandError, match="没有代码为 99 的学院"):
        _run("T1001", "handler", "--college", "99")
    with pytest.raises(CommandError, match="没有这个角色"):
        _run("T1001", "king")
    with pytest.raises(CommandError, match="没有用户 nobody"):
        _run("nobody", "gs")
    assert not AuditEvent.objects.filter(action="core.grant_role").exists()
    _run("T1001", "handler", "--college", "07")
    assert RoleGrant.objects.filter(person=people.advisor, role="handler", college=people.college_a).exists()
    assert "已撤销" in _run("T1001", "handler", "--college", "07", "--revoke")
    assert not RoleGrant.objects.filter(person=people.advisor, role="handler").exists()
    assert AuditEvent.objects.filter(action="core.revoke_role").count() == 1


def test_R5_3_only_the_graduate_school_grants_roles_from_the_web_side(people):
    with pytest.raises(PermissionDenied):
        actions.grant_role(person=people.handler_a, role="gs", college=None, by=people.handler_a)
    assert not RoleGrant.objects.filter(person=people.handler_a, role="gs").exists()


def test_a_command_on_an_empty_database_sets_it_up_and_on_a_stale_one_says_migrate(db, monkeypatch):
    """First use on a fresh machine just works; a database missing migrations is never upgraded behind the
    operator's back."""
    from django.core.management.base import CommandError

    from biye.core import database

    calls = []
    monkeypatch.setattr("biye.core.database.call_command", lambda *a, **k: calls.append(a))
    database.ensure_ready()  # the test database is migrated: nothing to do
    assert calls == []

    class Empty:
        def table_names(self):
            return []

    monkeypatch.setattr(database.connections[database.DEFAULT_DB_ALIAS], "introspection", Empty())
    out = io.StringIO()
    database.ensure_ready(out)
    assert calls == [("migrate",)] and "已初始化数据库" in out.getvalue()
    monkeypatch.undo()

    class Stale:
        def __init__(self, connection):
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": lambda self: []})()})()

        def migration_plan(self, targets):
            return [("core", "9999_future")]

    monkeypatch.setattr("biye.core.database.MigrationExecutor", Stale)
    with pytest.raises(CommandError, match="biye migrate"):
        database.ensure_ready()
