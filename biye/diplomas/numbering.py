"""R4.6: 18-digit certificate numbers: 学校代码(5) + 办学类型(1) + 毕业年份(4) + 培养层次(2) + 流水号(6).

Serials run per graduation year and level across the whole university, in the order the Graduate School accepts
the colleges' conclusions, within a college by 学号. 毕业, 结业 and 肄业 certificates share one sequence; a
结业转毕业 diploma keeps the number of the 结业 certificate it replaces. The counter row of a year and level is
locked while a college is numbered, and the database holds every number once, so two colleges accepted at the
same moment never share one.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from biye.core import codes
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, Student
from biye.diplomas.models import NumberCounter

LEVELS = {codes.Level.DOCTOR: "01", codes.Level.MASTER: "02"}


def prefix(campaign: Campaign, level: str) -> str:
    return f"{campaign.school_code}{campaign.schooling_type}{campaign.year:04d}{LEVELS[level]}"


def take(campaign: Campaign, level: str, count: int) -> list[str]:
    """`count` fresh numbers of the campaign's year and this level (inside the caller's transaction)."""
    if count <= 0:
        return []
    assert transaction.get_connection().in_atomic_block, "numbers are taken inside the numbering transaction"
    key = {"year": campaign.year, "level": LEVELS[level]}
    # INSERT … ON CONFLICT DO NOTHING, then lock: the first college of a year creates the row without racing.
    NumberCounter.objects.bulk_create([NumberCounter(**key)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(**key)
    first = counter.last + 1
    counter.last += count
    if counter.last > 999_999:
        raise ActionRefused(_("%(year)d年该层次的证书流水号已用尽（最多 999999 个）。") % {"year": campaign.year})
    counter.save(update_fields=["last"])
    head = prefix(campaign, level)
    return [f"{head}{serial:06d}" for serial in range(first, counter.last + 1)]


def check_kept(student: Student, campaign: Campaign, number: str, year: int | None) -> str:
    """The 原结业证书编号 a 结业转毕业 diploma keeps: 18 digits of this school, this level, its own year."""
    number = (number or "").strip()
    if not (len(number) == 18 and number.isascii() and number.isdigit()):
        raise ActionRefused(_("%(student)s 的原结业证书编号“%(n)s”应为18位数字，请在学籍中更正。")
                            % {"student": student, "n": number})
    if number[:5] != campaign.school_code:
        raise ActionRefused(_("%(student)s 的原结业证书编号“%(n)s”不是本校（%(code)s）的编号。")
                            % {"student": student, "n": number, "code": campaign.school_code})
    if year is not None and number[6:10] != f"{year:04d}":
        raise ActionRefused(_("%(student)s 的原结业证书编号“%(n)s”中的年份与原结业年份 %(year)s 不符。")
                            % {"student": student, "n": number, "year": year})
    if number[10:12] != LEVELS.get(student.level):
        raise ActionRefused(_("%(student)s 的原结业证书编号“%(n)s”中的培养层次与学籍不符。") % {"student": student, "n": number})
    return number
