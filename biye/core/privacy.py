"""Personal information (R5.3, issue 16): ID numbers are masked wherever staff see them, a staff member in scope
reveals one with a click (audited), the outside photo company sees ID numbers only when the Graduate School turns
that on for the campaign.

Templates mask with the filter `{{ student.id_number|masked_id }}` (core/templatetags/biye.py); a value that
came out of a record into an audit event's before/after is shown through `personal_value` so that an old
"roster.update" does not show what the record page hides. Official forms whose layout requires the full number
(附件1/2/6/9, the registration file) write it in full: they are accounted for by core/downloads.py instead.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from biye.core import audit, scoping
from biye.core.models import Campaign, Person, Role, Student

MASK = "*"
# Personal values as audit events' before/after name them (Student's field names). core/purge.py empties the
# same keys in old events once a campaign's retention has passed.
PERSONAL_KEYS = ("id_number", "birth_date")
# What an emptied value (after `biye purge`) reads as, on pages, in files and in old audit events.
DELETED = "（已删除）"


def mask_id(value: str | None) -> str:
    """110105199003071234 → 110105********1234: the first 6 (the issuing region) and last 4 stay, as on a bank's
    statement. A shorter number (a passport, a 港澳台 permit) keeps less: 2 and 2 from 8 characters, only the last
    one below that, nothing below 4. Empty stays empty."""
    text = (value or "").strip()
    n = len(text)
    if n >= 15:
        head, tail = 6, 4
    elif n >= 8:
        head, tail = 2, 2
    elif n >= 4:
        head, tail = 0, 1
    else:
        head, tail = 0, 0
    return text[:head] + MASK * (n - head - tail) + (text[n - tail:] if tail else "")


# A resident ID number inside a text (18 characters, or the old 15 digits), not part of a longer number.
_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_ids_in(text: str) -> str:
    """Every resident ID number in a message masked ("证件号码 110105********123X 不在名单中"); a student number
    (shorter) is left alone."""
    return _RESIDENT_ID.sub(lambda m: mask_id(m.group(0)), text or "")


def personal_value(key: str, value: object) -> object:
    """One before/after value of an audit event as a page shows it: an ID number masked."""
    if key == "id_number" and isinstance(value, str) and value != DELETED:
        return mask_id(value)
    return value


def sees_full_id(person: Person | None, student: Student) -> bool:
    """Without a click, only the student sees their own ID number in full."""
    return scoping.roles_of(person).student_id == student.pk


@transaction.atomic
def reveal_id_number(*, student: Student, by: Person) -> str:
    """A staff member who may see this student's record reads the full ID number once; the audit trail says who
    and when. Returns the number (the page shows it in that one answer only)."""
    if not scoping.students_for(by).filter(pk=student.pk).exists():
        raise PermissionDenied(_("您无权查看该学生的证件号码。"))
    audit.record(by, "core.reveal_id_number", student, note=_("查看完整证件号码"))
    return student.id_number


def vendor_sees_id_numbers(person: Person | None, campaign: Campaign) -> bool:
    """The outside photo company sees ID numbers only when the Graduate School turned that on for the campaign.
    Everyone else who reaches a vendor page (the Graduate School) follows the same masked-by-default rule."""
    return scoping.roles_of(person).has(Role.VENDOR) and campaign.vendor_sees_id_numbers
