"""R2.10: problems the system finds in records by itself (系统自动校验).

A finding is a pure function of the records: the check digit of a resident ID number (居民身份证, GB 11643), the
birth date and gender it encodes, one ID number on two students of a campaign, a discipline without an English
name (附件5), and a discipline not in the catalogue.

The catalogue (学科目录) is the Graduate School's 附件5 table: the disciplines it imported or edited on the records
section's page (Discipline.in_catalogue). A discipline that only a roster named is "专业不在学科目录中" (and not also
"缺少英文名称": adding it to the table with its English name fixes both). Before the Graduate School has loaded any
table there is no catalogue, and the check is not made. `desired_for` computes them from plain values (so a dry run can count them without writing);
`refresh` brings the Finding rows of a campaign in line with the records, touching only rows that differ, so a
fixed record loses its finding and an unchanged campaign causes no writes at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _
from stdnum.cn import ric

from biye.core import codes
from biye.core.models import Campaign, Discipline, Finding, Student
from biye.core.privacy import mask_id

Code = Finding.Code
ID_CHECKED_TYPES = frozenset({codes.IdType.RESIDENT.value})
_MALE = codes.Gender.MALE.value
_GENDERS = frozenset({codes.Gender.MALE.value, codes.Gender.FEMALE.value})
_ODD = frozenset("13579")  # the 17th digit of a man's number


class Subject(NamedTuple):
    """What the checks read of one student, keyed by student number (unique within a campaign). Anything with
    these attributes will do (the roster import passes its checked rows)."""

    number: str
    id_type: str
    id_number: str
    birth_date: dt.date | None
    gender: str
    discipline_code: str
    discipline_name: str


def normalize_id_number(value: str) -> str:
    if value.isalnum():  # the usual, already clean number: no need to split it
        return value.upper()
    return "".join(value.split()).upper()


def id_number_findings(id_type: str, id_number: str, birth_date: dt.date | None, gender: str) -> dict[str, str]:
    """Checks of one resident ID number against the record: {finding code: detail}."""
    if id_type not in ID_CHECKED_TYPES:
        return {}
    return _resident_id_findings(normalize_id_number(id_number), birth_date, gender)


def _resident_id_findings(number: str, birth_date: dt.date | None, gender: str) -> dict[str, str]:
    """id_number_findings of a number already normalised."""
    if not number:  # emptied by `biye purge` after the campaign's retention: nothing left to check
        return {}
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return {Code.ID_CHECKSUM: _("居民身份证号码应为18位（前17位为数字，末位为数字或X），实为“%(n)s”") % {"n": mask_id(number)}}
    found: dict[str, str] = {}
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        found[Code.ID_CHECKSUM] = _("证件号码 %(n)s 的校验位（末位）按号码计算应为 %(d)s") % {"n": mask_id(number), "d": expected}
    try:
        # What ric.get_birth_date reads, without its per-call cleaning of an already clean number.
        encoded = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        encoded = None
    if encoded is None:
        found[Code.ID_BIRTH] = _("证件号码第7–14位“%(d)s”不是有效日期") % {"d": number[6:14]}
    elif birth_date is not None and encoded != birth_date:
        found[Code.ID_BIRTH] = _("证件号码中的出生日期为 %(id)s，登记的出生日期为 %(rec)s") % {
            "id": encoded.isoformat(), "rec": birth_date.isoformat()}
    encoded_gender = codes.Gender.MALE.value if int(number[16]) % 2 else codes.Gender.FEMALE.value
    if gender and gender != encoded_gender:
        found[Code.ID_GENDER] = _("证件号码第17位表示性别为“%(id)s”，登记的性别为“%(rec)s”") % {
            "id": encoded_gender, "rec": gender}
    return found


def english_named() -> set[str]:
    """Codes of the disciplines that have an English name (附件5)."""
    return {code for code, name_en in Discipline.objects.values_list("code", "name_en") if name_en.strip()}


def catalogued() -> set[str]:
    """Codes of the disciplines in the catalogue (the 附件5 table); empty while the Graduate School has loaded none."""
    return set(Discipline.objects.filter(in_catalogue=True).values_list("code", flat=True))


def desired_for(
    subjects: Iterable[Subject], english: set[str], catalogue: set[str] | None = None
) -> dict[str, dict[str, str]]:
    """Every finding of these students, {student number: {code: detail}}; duplicates are found among them.
    `english`: the discipline codes that have an English name; `catalogue`: the codes of the 附件5 table (read
    from the database when not given; empty: no catalogue yet, no check)."""
    if catalogue is None:
        catalogue = catalogued()
    result: dict[str, dict[str, str]] = {}
    by_id: dict[str, list[str]] = defaultdict(list)
    birth_digits: dict[dt.date, str] = {}  # a birth date as an ID number writes it, once per date
    no_english = _("专业 %(code)s %(name)s 在英文专业名称表（附件5）中没有英文名称")
    not_listed = _("专业 %(code)s %(name)s 不在研究生院的学科目录（附件5 英文专业名称表）中")
    for s in subjects:
        id_number = s.id_number
        if id_number:
            id_number = normalize_id_number(id_number)
            by_id[id_number].append(s.number)
        found = {}
        if s.id_type in ID_CHECKED_TYPES:
            birth, gender = s.birth_date, s.gender
            if birth is not None and birth not in birth_digits:
                birth_digits[birth] = f"{birth:%Y%m%d}"
            # The usual number, right in every respect, in one expression; any other is explained in full.
            if not (birth is not None and gender in _GENDERS and len(id_number) == 18 and id_number[:17].isdigit()
                    and id_number[6:14] == birth_digits[birth] and ric.calc_check_digit(id_number) == id_number[17]
                    and (id_number[16] in _ODD) == (gender == _MALE)):
                found = _resident_id_findings(id_number, birth, gender)
        if catalogue and s.discipline_code not in catalogue:
            found[Code.NOT_IN_CATALOGUE] = not_listed % {"code": s.discipline_code, "name": s.discipline_name}
        elif s.discipline_code not in english:
            found[Code.NO_ENGLISH_NAME] = no_english % {"code": s.discipline_code, "name": s.discipline_name}
        if found:
            result[s.number] = found
    for id_number, numbers in by_id.items():
        if len(numbers) < 2:
            continue
        for number in numbers:
            others = [n for n in numbers if n != number]
            shown = "、".join(others[:3]) + (_("等") if len(others) > 3 else "")
            result.setdefault(number, {})[Code.DUPLICATE_ID] = _("证件号码 %(id)s 与学号 %(others)s 的学生相同") % {
                "id": mask_id(id_number), "others": shown}
    return result


def subjects_of(campaign: Campaign) -> Iterable[Subject]:
    """The campaign's students as read by the checks, streamed in one query."""
    rows = (
        Student.objects.filter(campaign=campaign)
        .order_by()
        .values_list(
            "number", "id_type", "id_number", "birth_date", "gender",
            "discipline__code", "discipline__name_zh",
        )
    )
    for values in rows.iterator(chunk_size=5000):
        yield Subject._make(values)


@dataclass
class Changes:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    total: int = 0  # findings the campaign has afterwards

    @property
    def any(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def refresh(
    *,
    campaign: Campaign,
    desired: dict[str, dict[str, str]] | None = None,
    insert: Callable[[list[tuple[int, str, str]]], object] | None = None,
    ids: dict[str, int] | None = None,
    batch_size: int = 2000,
) -> Changes:
    """Recompute the campaign's findings and write only the differences. Call inside the transaction of the
    action that changed the records; it records no audit event of its own, as findings are derived data.
    `desired` lets a caller that has just computed them from the same values (an import) skip a second pass;
    `insert` lets it write new findings, given as (student id, code, detail), its own faster way; `ids` (student
    number -> id of every student of the campaign) spares reading them again."""
    if desired is None:
        desired = desired_for(subjects_of(campaign), english_named())
    if ids is None:
        ids = dict(Student.objects.filter(campaign=campaign).order_by().values_list("number", "pk").iterator(chunk_size=5000))
    existing = (
        Finding.objects.filter(student__campaign=campaign)
        .order_by()
        .values_list("pk", "student__number", "code", "detail")
    )
    changes = Changes()
    to_delete: list[int] = []
    to_update: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for pk, number, code, detail in existing.iterator(chunk_size=5000):
        want = desired.get(number, {}).get(code)
        if want is None:
            to_delete.append(pk)
        else:
            seen.add((number, code))
            if want != detail:  # a different problem now: any earlier "checked, correct as it is" no longer holds
                to_update.append(Finding(pk=pk, detail=want[:300], checked_at=None, checked_by=None, check_note=""))
    to_create = [
        (ids[number], code, detail[:300])
        for number, found in desired.items()
        for code, detail in found.items()
        if (number, code) not in seen and number in ids
    ]
    for start in range(0, len(to_delete), batch_size):
        Finding.objects.filter(pk__in=to_delete[start:start + batch_size]).delete()
    if to_update:
        Finding.objects.bulk_update(to_update, ["detail", "checked_at", "checked_by", "check_note"], batch_size=batch_size)
    if to_create and insert is not None:
        insert(to_create)
    elif to_create:
        Finding.objects.bulk_create(
            [Finding(student_id=s, code=c, detail=d) for s, c, d in to_create], batch_size=batch_size
        )
    changes.created, changes.updated, changes.deleted = len(to_create), len(to_update), len(to_delete)
    changes.total = sum(len(f) for f in desired.values())
    return changes
