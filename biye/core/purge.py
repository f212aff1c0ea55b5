"""Kept no longer than needed (R5.3, issue 16): `biye purge --campaign YEAR [--dry-run]`.

Once a campaign's retention has passed (Campaign.retention_years after its last deadline, 3 by default), the
personal data no later task needs goes:

- each student's ID number (stored as "") and birth date (NULL); pages and files show （已删除）/ a blank;
- the findings about them (证件号码校验位、出生日期、重复证件号码), which quote them;
- the same values in old audit events' before/after, replaced by （已删除） — the only change ever made to an event;
- the uploaded rosters the campaign was imported from (MEDIA_ROOT/rosters/…), unless another campaign's import
  still names the same file;
- whatever a section registers (register(Purgeable(...))): evidence files, vendor files.

What the archives keep for ever stays: student number, name, college and discipline, conclusions, diploma
numbers, approvals and the audit trail itself. A campaign still inside its retention is refused with the date it
ends; a run that finds nothing left to remove changes nothing and writes no event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import audit, calendar, scoping
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Campaign, Deadline, Finding, Person, Student
from biye.core.privacy import DELETED, PERSONAL_KEYS

# Findings that quote an ID number or a birth date: gone with them.
PERSONAL_FINDINGS = (Finding.Code.ID_CHECKSUM, Finding.Code.ID_BIRTH, Finding.Code.DUPLICATE_ID)


@dataclass(frozen=True)
class Purgeable:
    """Something a section keeps that the purge removes: `count(campaign)` says how many, `remove(campaign)`
    removes them (inside the purge's transaction; files last) and returns how many it removed."""

    key: str
    label: object  # what the command prints, e.g. gettext_lazy("证明材料文件")
    count: Callable[[Campaign], int]
    remove: Callable[[Campaign], int]


_SECTIONS: dict[str, Purgeable] = {}


def register(item: Purgeable) -> None:
    """A section's AppConfig.ready(): purge.register(purge.Purgeable(key="records.evidence", ...))."""
    _SECTIONS[item.key] = item


def last_deadline(campaign: Campaign) -> dt.datetime:
    """The latest deadline the campaign has: an autumn one the Graduate School never set does not count."""
    found = (calendar.find(campaign, kind) for kind in Deadline.Kind)
    return max(d.closes for d in found if d is not None)


def retention_ends(campaign: Campaign) -> dt.datetime:
    """The moment the campaign's personal data may go: its last deadline, `retention_years` later."""
    last = timezone.localtime(last_deadline(campaign))
    year = last.year + campaign.retention_years
    try:
        return last.replace(year=year)
    except ValueError:  # 29 February
        return last.replace(year=year, day=28)


# --- what there is to remove ------------------------------------------------------------------------------------


def _students(campaign: Campaign):
    return Student.objects.filter(campaign=campaign)


def _personal_events(campaign: Campaign):
    has_keys = Q(before__has_any_keys=list(PERSONAL_KEYS)) | Q(after__has_any_keys=list(PERSONAL_KEYS))
    return AuditEvent.objects.filter(has_keys, student__campaign=campaign)


def still_personal(event: AuditEvent) -> bool:
    """The event's before or after still holds an ID number or a birth date."""
    return any(
        key in (data or {}) and (data or {})[key] not in (DELETED, None, "")
        for data in (event.before, event.after) for key in PERSONAL_KEYS
    )


def _roster_files(campaign: Campaign) -> list[str]:
    """The archived rosters this campaign was imported from, that no other campaign's import names."""
    def sources(qs) -> set[str]:
        return {(after or {}).get("source") for after in qs.values_list("after", flat=True)} - {None, ""}

    imports = AuditEvent.objects.filter(action="roster.import", object_type="core.campaign")
    mine = sources(imports.filter(object_id=str(campaign.pk)))
    others = sources(imports.exclude(object_id=str(campaign.pk)))
    return sorted(name for name in mine - others if default_storage.exists(name))


@dataclass
class Plan:
    """What a purge removes (or would remove), in counts the command prints."""

    campaign: Campaign
    until: dt.datetime
    id_numbers: int = 0
    birth_dates: int = 0
    findings: int = 0
    events: int = 0
    files: list[str] = field(default_factory=list)
    sections: dict[str, int] = field(default_factory=dict)

    @property
    def anything(self) -> bool:
        return bool(self.id_numbers or self.birth_dates or self.findings or self.events or self.files
                    or any(self.sections.values()))

    def lines(self) -> list[str]:
        lines = [
            _("证件号码：%(n)d 名学生") % {"n": self.id_numbers},
            _("出生日期：%(n)d 名学生") % {"n": self.birth_dates},
            _("引用证件号码或出生日期的系统发现问题：%(n)d 条") % {"n": self.findings},
            _("操作记录中的证件号码、出生日期：%(n)d 条记录") % {"n": self.events},
            _("上传的原始学籍名单文件：%(n)d 个") % {"n": len(self.files)},
        ]
        lines += [f"{_SECTIONS[key].label}：{n}" for key, n in self.sections.items()]
        return lines

    def counts(self) -> dict[str, int]:
        return {"id_numbers": self.id_numbers, "birth_dates": self.birth_dates, "findings": self.findings,
                "events": self.events, "files": len(self.files), **self.sections}


def plan(campaign: Campaign) -> Plan:
    students = _students(campaign)
    return Plan(
        campaign=campaign,
        until=retention_ends(campaign),
        id_numbers=students.exclude(id_number="").count(),
        birth_dates=students.exclude(birth_date=None).count(),
        findings=Finding.objects.filter(student__campaign=campaign, code__in=PERSONAL_FINDINGS).count(),
        events=sum(1 for e in _personal_events(campaign).iterator(chunk_size=2000) if still_personal(e)),
        files=_roster_files(campaign),
        sections={key: item.count(campaign) for key, item in _SECTIONS.items()},
    )


# --- the action -------------------------------------------------------------------------------------------------


def redact(data: dict | None) -> dict | None:
    """An event's before/after with its ID number and birth date replaced by （已删除）."""
    if not data:
        return data
    return {k: (DELETED if k in PERSONAL_KEYS and v not in (None, "") else v) for k, v in data.items()}


def purge_campaign(*, campaign: Campaign, by: Person, dry_run: bool = False, now: dt.datetime | None = None) -> Plan:
    """Remove the campaign's personal data once its retention has passed (see the module's docstring). Returns
    what was (or, with dry_run, would be) removed. One transaction for the rows, then the files."""
    scoping.require_graduate_school(by)
    now = now or timezone.now()
    until = retention_ends(campaign)
    if now < until:
        raise ActionRefused(
            _("%(campaign)s的个人信息保存至 %(until)s（最后截止日期后 %(years)d 年），期满前不能清除。")
            % {"campaign": campaign, "until": f"{until:%Y-%m-%d %H:%M}", "years": campaign.retention_years}
        )
    found = plan(campaign)
    if dry_run or not found.anything:
        return found
    with transaction.atomic():
        students = _students(campaign)
        students.exclude(id_number="").update(id_number="")
        students.exclude(birth_date=None).update(birth_date=None)
        Finding.objects.filter(student__campaign=campaign, code__in=PERSONAL_FINDINGS).delete()
        changed = []
        for event in _personal_events(campaign).iterator(chunk_size=2000):
            if still_personal(event):
                event.before, event.after = redact(event.before), redact(event.after)
                changed.append(event)
        AuditEvent.objects.bulk_update(changed, ["before", "after"], batch_size=1000)
        for key, item in _SECTIONS.items():
            found.sections[key] = item.remove(campaign)
        audit.record(by, "core.purge", campaign, at=now, after=found.counts(),
                     note=_("保存期限 %(until)s 已满") % {"until": f"{until:%Y-%m-%d}"})
    # Files go only once the rows are written: a failed transaction must not leave records pointing at nothing.
    for name in found.files:
        default_storage.delete(name)
    return found
