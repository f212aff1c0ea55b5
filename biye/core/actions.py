"""Core state changes: a campaign with its calendar, its settings and deadlines, roles, accounts.

Every action takes `by`, the person who acts, and checks what that person may do. A command acts as
system_actor(), which the audit trail shows as 系统（命令行）.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import audit, calendar, scoping
from biye.core.errors import ActionRefused
from biye.core.models import (
    COLLEGE_ROLES,
    SYSTEM_DISPLAY_NAME,
    SYSTEM_USERNAME,
    Campaign,
    College,
    Deadline,
    Person,
    Role,
    RoleGrant,
)


def system_actor() -> Person:
    """The actor of every command the server's operator runs: one fixed account (SYSTEM_USERNAME) that cannot
    log in and that the audit trail shows as 系统（命令行）. Migration core 0006 creates it; a database emptied
    since (a test's flush) gets it back here on first use."""
    person, _created = Person.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"display_name": SYSTEM_DISPLAY_NAME, "is_active": False,
                  "password": UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20)},
    )
    return person


@transaction.atomic
def create_campaign(*, year: int, by: Person, at: dt.datetime | None = None) -> Campaign:
    """A new campaign (届) with the notice's settings (photo cutoff: two years before) and the notice's calendar
    for its year. The first campaign becomes the current one. Today the first roster import of a year calls it."""
    scoping.require_graduate_school(by)
    if Campaign.objects.filter(year=year).exists():
        raise ActionRefused(_("%(year)d届 已经存在。") % {"year": year})
    campaign = Campaign.of_year(year)
    campaign.is_current = not Campaign.objects.exists()
    campaign.save()
    calendar.ensure_defaults(campaign)
    audit.record(by, "core.create_campaign", campaign, after=audit.snapshot(campaign), at=at)
    return campaign


@transaction.atomic
def set_deadline(
    *,
    campaign: Campaign,
    kind: str,
    opens: dt.datetime | None,
    closes: dt.datetime,
    by: Person,
    seen: str = "",
    past_confirmed: bool = True,
    now: dt.datetime | None = None,
) -> Deadline:
    """R0.1: Graduate School staff move a deadline. `seen` is the calendar.stamp() of the deadline as the person
    saw it ("" when the caller has no earlier view, as a script). The calendar page passes `past_confirmed=False`
    until the person has confirmed a closing moment that is already past (calendar.MovesIntoPast); a script that
    passes explicit times has decided already."""
    scoping.require_graduate_school(by)
    if kind not in Deadline.Kind.values:
        raise ActionRefused(_("没有这项日程：%(kind)s。") % {"kind": kind}, field="kind")
    if opens is not None and opens >= closes:
        raise ActionRefused(_("开始时间必须早于截止时间。"), field="closes")
    d = Deadline.objects.select_for_update().filter(campaign=campaign, kind=kind).first()
    if d is None and not calendar.has_default(kind):
        # The autumn round's first date: nothing was shown, nothing to overwrite.
        d = Deadline.objects.create(campaign=campaign, kind=kind, opens=opens, closes=closes)
        campaign.__dict__.pop("_deadline_cache", None)
        audit.record(by, "core.set_deadline", d, after=audit.snapshot(d, ["opens", "closes"]))
        return d
    if d is None:  # a kind the campaign lacks reads as the notice's default (calendar.deadline): keep it now
        d = calendar.deadline(campaign, kind)
        d.save()
    if seen and seen != calendar.stamp(d):
        raise ActionRefused(
            _("这项日程刚被其他人改为：开始 %(opens)s，截止 %(closes)s。您的修改未保存；请核对后重新填写并保存。")
            % {"opens": calendar.format_start(d.opens) if d.opens else "—", "closes": calendar.format_due(d.closes)},
            field="closes",
        )
    if not past_confirmed and closes != d.closes and closes <= (now or timezone.now()):
        raise calendar.MovesIntoPast(
            _("截止时间 %(closes)s 已经过去：保存后“%(task)s”立即截止，相关的人将不能再办理。"
              "如确要这样改，请点“确认保存”；否则请改正时间。")
            % {"closes": calendar.format_due(closes), "task": d.get_kind_display()},
            field="closes",
        )
    before = audit.snapshot(d, ["opens", "closes"])
    d.opens, d.closes = opens, closes
    d.save(update_fields=["opens", "closes"])
    campaign.__dict__.pop("_deadline_cache", None)
    audit.record(by, "core.set_deadline", d, before=before, after=audit.snapshot(d, ["opens", "closes"]))
    return d

# What the Graduate School sets per campaign; everything else of a campaign is derived or fixed at creation.
CAMPAIGN_SETTINGS = (
    "label", "photo_cutoff_year", "photo_fee", "vendor_name", "vendor_phone", "vendor_address", "school_code",
    "pinyin_style", "schooling_type", "number_international", "vendor_sees_id_numbers", "retention_years",
    "university_name", "president_name", "summer_graduation_date", "autumn_graduation_date",
)


def campaign_stamp(campaign: Campaign) -> str:
    """The settings as the person saw them, so that two people saving the page at once cannot silently undo
    each other (Campaign has no version column; its settings are its state)."""
    data = json.dumps(audit.snapshot(campaign, CAMPAIGN_SETTINGS), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def _check(campaign: Campaign, values: dict[str, Any]) -> None:
    if values["photo_cutoff_year"] > campaign.year:
        raise ActionRefused(
            _("必须采集图像的入学年份上限不能晚于本届毕业年份 %(year)d（通知中 2020届 为 2018 年）。") % {"year": campaign.year},
            field="photo_cutoff_year",
        )
    if values["photo_fee"] < Decimal("0"):
        raise ActionRefused(_("图像采集费不能为负数。"), field="photo_fee")
    if not 1 <= values["retention_years"] <= 30:
        raise ActionRefused(_("个人信息保存年限应为 1 到 30 年（默认 3 年）。"), field="retention_years")
    code = values["school_code"]
    if not (len(code) == 5 and code.isascii() and code.isdigit()):
        raise ActionRefused(_("学校代码应为教育部公布的5位数字（如 10007），实际为“%(code)s”。") % {"code": code},
                            field="school_code")
    schooling = values.get("schooling_type", campaign.schooling_type)
    if not (len(schooling) == 1 and schooling.isascii() and schooling.isdigit()):
        raise ActionRefused(_("办学类型代码应为1位数字（普通高等教育研究生为 1），实际为“%(code)s”。") % {"code": schooling},
                            field="schooling_type")


@transaction.atomic
def update_campaign_settings(*, campaign: Campaign, by: Person, values: dict[str, Any], seen: str = "") -> Campaign:
    """R0.1: the Graduate School sets the campaign's configuration (photo cutoff year, fee, vendor's contact,
    school code, pinyin style); the notice's values are the defaults. No calendar: settings are not a dated
    task."""
    scoping.require_graduate_school(by)
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if seen and seen != campaign_stamp(locked):
        raise ActionRefused(_("这些设置刚被其他人修改过。您的修改未保存；请核对页面上的最新内容后重新填写并保存。"))
    values = {name: values[name] for name in CAMPAIGN_SETTINGS}
    values["photo_fee"] = Decimal(values["photo_fee"]).quantize(Decimal("0.01"))  # as stored: 20 is 20.00
    _check(locked, values)
    before = audit.snapshot(locked, CAMPAIGN_SETTINGS)
    for name, value in values.items():
        setattr(locked, name, value)
    after = audit.snapshot(locked, CAMPAIGN_SETTINGS)
    if after == before:
        return locked
    locked.save(update_fields=list(CAMPAIGN_SETTINGS))
    changed = [k for k in CAMPAIGN_SETTINGS if before[k] != after[k]]
    audit.record(by, "core.update_campaign", locked, before={k: before[k] for k in changed},
                 after={k: after[k] for k in changed})
    return locked


@transaction.atomic
def create_person(*, username: str, display_name: str, by: Person) -> Person:
    """A new account without a usable password (the person sets one, or single sign-on takes over)."""
    scoping.require_graduate_school(by)
    username = username.strip()
    if not username or Person.objects.filter(username=username).exists():
        raise ActionRefused(_("用户名“%(username)s”为空或已被使用。") % {"username": username}, field="username")
    try:
        Person.username_validator(username)
    except ValidationError:
        raise ActionRefused(_("用户名只能包含字母、数字和 @ . + - _，实际为“%(username)s”。") % {"username": username},
                            field="username") from None
    person = Person.objects.create_user(username=username, display_name=display_name.strip())
    audit.record(by, "core.create_person", person, after={"username": username, "display_name": person.display_name})
    return person


@transaction.atomic
def grant_role(*, person: Person, role: str, college: College | None, by: Person) -> bool:
    """Give a person a role (研究生院, 学院经办人, 主管院长, 导师, 影像中心, 档案馆). Returns False when the person
    already held it."""
    scoping.require_graduate_school(by)
    if person.is_system:
        raise ActionRefused(_("系统账号不能被授予角色。"), field="username")
    if role not in Role.values or role == Role.STUDENT:
        raise ActionRefused(_("没有这个角色：%(role)s。可用：%(roles)s") % {
            "role": role, "roles": ", ".join(r for r in Role.values if r != Role.STUDENT)})
    if role in COLLEGE_ROLES and college is None:
        raise ActionRefused(_("学院经办人和主管院长须指定学院。"), field="college")
    if role not in COLLEGE_ROLES:
        college = None
    grant, created = RoleGrant.objects.get_or_create(person=person, role=role, college=college)
    if created:
        audit.record(by, "core.grant_role", person, after={"role": role, "college": college.code if college else None},
                     college=college)
    return created


@transaction.atomic
def grant_role_by_username(
    *, username: str, display_name: str, role: str, college: College | None, by: Person
) -> tuple[Person, bool]:
    """The people page and `biye grant-role`: give a role to an existing account, or to a new one when a name is
    given. Returns the person and whether the role is new to them; a refused grant leaves no new account (and no
    event of one) behind."""
    person = Person.objects.filter(username=username.strip()).first()
    if person is None:
        if not display_name.strip():
            raise ActionRefused(_("没有用户 %(username)s。新建账号请同时填写姓名。") % {"username": username},
                                field="display_name")
        person = create_person(username=username, display_name=display_name, by=by)
    return person, grant_role(person=person, role=role, college=college, by=by)


@transaction.atomic
def revoke_role(*, person: Person, role: str, college: College | None, by: Person) -> bool:
    scoping.require_graduate_school(by)
    # Lock every Graduate School grant first: two colleagues revoking each other at once must not both see
    # "someone else is left".
    gs_holders = list(RoleGrant.objects.select_for_update().filter(role=Role.GRADUATE_SCHOOL).values_list("person_id", flat=True))
    if role == Role.GRADUATE_SCHOOL and not [p for p in gs_holders if p != person.pk]:
        raise ActionRefused(_("这是最后一位研究生院工作人员，不能撤销：请先为另一位同事授予研究生院角色。"))
    deleted, _rows = RoleGrant.objects.filter(person=person, role=role, college=college if role in COLLEGE_ROLES else None).delete()
    if deleted:
        audit.record(by, "core.revoke_role", person, before={"role": role, "college": college.code if college else None},
                     college=college)
    return bool(deleted)


@transaction.atomic
def change_own_password(*, person: Person, new_password: str, by: Person) -> None:
    """A person sets a new password for their own account (the password page has checked the old one and the
    password rules). Audited without the password or its hash, so that a change nobody remembers making shows."""
    if by.pk != person.pk:
        raise PermissionDenied
    person.set_password(new_password)
    person.save(update_fields=["password"])
    audit.record(by, "core.change_password", person)
