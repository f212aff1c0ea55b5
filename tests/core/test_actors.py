"""Issue 7: every write is an action with a real actor. Commands act as the system actor, which the audit trail
shows as 系统（命令行）; no action lets a missing actor skip its permission check; `biye grant-role` is the
people page's action, so a grant it refuses leaves nothing behind."""

from __future__ import annotations

import inspect
import io

import pytest
from django.core.management import CommandError, call_command

from biye.core import actions, scoping
from biye.core.models import SYSTEM_USERNAME, AuditEvent, Person, RoleGrant
from tests.roster.conftest import roster_rows, to_xlsx


def test_R5_3_a_command_is_audited_as_the_system_actor(db, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(to_xlsx(roster_rows(3)))
    call_command("import-roster", str(path), "--campaign", "2020", stdout=io.StringIO(), stderr=io.StringIO())
    events = AuditEvent.objects.filter(action__startswith="roster.")
    assert events.filter(action="roster.import").count() == 1  # the import (its students point at it)
    assert set(events.values_list("actor__username", "actor_label")) == {(SYSTEM_USERNAME, "系统（命令行）")}
    campaign_event = AuditEvent.objects.get(action="core.create_campaign")
    assert campaign_event.actor_label == "系统（命令行）"


def test_R5_3_the_system_actor_cannot_log_in_and_is_nobody_s_account(db, client):
    system = actions.system_actor()
    assert actions.system_actor().pk == system.pk  # one row, however often it is asked for
    assert not system.is_active and not system.has_usable_password()
    assert not client.login(username=SYSTEM_USERNAME, password="")
    assert scoping.roles_of(system).is_gs  # what the server's operator may do through a command
    with pytest.raises(Exception, match="用户名"):
        actions.create_person(username=SYSTEM_USERNAME, display_name="冒名", by=system)


def test_R5_3_every_action_requires_its_actor():
    """`by` is a required keyword of every action (public function of an actions module) in every section: no
    default that could skip a check."""
    from biye.core import submissions
    from biye.names import actions as names_actions
    from biye.photos import actions as photos_actions
    from biye.roster import actions as roster_actions

    missing, checked = [], []
    for module in (actions, submissions, names_actions, photos_actions, roster_actions):
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if (func.__module__ != module.__name__ or name.startswith("_")
                    or "by" not in inspect.signature(func).parameters):
                continue
            checked.append(name)
            by = inspect.signature(func).parameters["by"]
            if by.kind is not inspect.Parameter.KEYWORD_ONLY or by.default is not inspect.Parameter.empty:
                missing.append(f"{module.__name__}.{name}")
    assert not missing, missing
    assert {"grant_role", "set_deadline", "create_campaign", "import_roster", "import_vendor_results",
            "fill_blanks_with_proposal", "submit", "sign_off"} <= set(checked)


def test_R5_3_grant_role_refused_with_create_leaves_no_account_and_no_event(db):
    actions.system_actor()  # as after migrate
    before = (Person.objects.count(), AuditEvent.objects.count(), RoleGrant.objects.count())
    with pytest.raises(CommandError, match="须指定学院"):
        call_command("grant-role", "newcomer", "handler", "--create", "--name", "新人", stdout=io.StringIO())
    with pytest.raises(CommandError, match="没有这个角色"):
        call_command("grant-role", "newcomer", "king", "--create", stdout=io.StringIO())
    assert not Person.objects.filter(username="newcomer").exists()
    assert (Person.objects.count(), AuditEvent.objects.count(), RoleGrant.objects.count()) == before
    out = io.StringIO()
    call_command("grant-role", "newcomer", "vendor", "--create", "--name", "影像中心", stdout=out)
    assert "已新建账号 newcomer" in out.getvalue() and "已授予" in out.getvalue()
    assert list(AuditEvent.objects.order_by("id").values_list("action", "actor_label")) == [
        ("core.create_person", "系统（命令行）"), ("core.grant_role", "系统（命令行）")]
