"""R0.2: importing the student roster (学籍名单导入), all or nothing.

`import_roster` is the one action: the command, the upload page and the demo call it. It reads and checks every
row first (imports.py); a file with any error writes nothing. A clean file is compared with what the campaign
already holds, and only differences are written: new students (with their login), changed students (audited
field by field), colleges and disciplines named for the first time, advisors' accounts, and the R2.10 findings.
Importing the same file twice writes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from operator import attrgetter, itemgetter

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core import actions, audit, bulk, findings, scoping, tabular
from biye.core.errors import ActionRefused
from biye.core.imports import ImportReport as BaseImportReport
from biye.core.imports import RowError
from biye.core.models import Campaign, College, Discipline, Finding, Person, Role, RoleGrant, Student
from biye.roster.columns import COLUMNS, HEADERS, KEPT_WHEN_ABSENT, KNOWN_HEADERS
from biye.roster.imports import RosterRow, parse_roster

BATCH = 2000
Progress = Callable[[str, int, int | None], None]

# Student fields the roster sets, in the order they are compared and written; college and discipline by code.
PLAIN_FIELDS = (
    "name", "gender", "ethnicity", "birth_date", "id_type", "id_number", "level", "study_mode", "training_type",
    "certificate_type", "is_international", "enrolled_on", "schooling_years", "max_years", "expected_term",
    "advisor_number", "advisor_name", "is_combined", "photo_on_file",
    "examinee_number", "prior_conclusion", "prior_certificate_number", "prior_year", "email", "phone",
)
COMPARED = (*PLAIN_FIELDS, "college_code", "discipline_code")
# A login made by the roster (a student's, username = 学号; an advisor's, username = 工号), without a usable password.
LOGIN_COLUMNS = ("username", "password", "display_name", "first_name", "last_name", "email", "is_staff", "is_active",
                 "is_superuser", "date_joined")


@dataclass
class ImportReport(BaseImportReport):
    """What a roster import did, or (dry run) would do: any error refuses the whole file."""

    campaign_year: int = 0
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    new_colleges: list[tuple[str, str]] = field(default_factory=list)
    renamed_colleges: list[tuple[str, str, str]] = field(default_factory=list)  # code, old, new
    new_disciplines: list[tuple[str, str]] = field(default_factory=list)
    renamed_disciplines: list[tuple[str, str, str]] = field(default_factory=list)
    # R2.4: disciplines of the Graduate School's 附件5 table whose name the file writes otherwise: not renamed.
    table_names_kept: list[tuple[str, str, str]] = field(default_factory=list)  # code, table's name, file's
    # R2.7: fields an approved correction changed, which the file would set back: kept, and reported.
    corrections_kept: list[tuple[int, str, str, str, str]] = field(default_factory=list)  # row, 学号, column, kept, file
    new_advisors: int = 0
    update: bool = False  # a partial update keyed by 学号: only `updated_columns` are set
    updated_columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    read_as: list[tuple[str, str]] = field(default_factory=list)  # (file's header, Biye's column), aliases.py
    findings_by_code: dict[str, int] = field(default_factory=dict)  # label -> students of this file
    finding_samples: list[tuple[int, str, str, str]] = field(default_factory=list)  # row, number, name, text

    @property
    def findings(self) -> int:
        return sum(self.findings_by_code.values())

    def summary_lines(self) -> list[str]:
        lines = [_("按学号更新已有学生，只更新文件中的列：%s") % "、".join(self.updated_columns)] if self.update else []
        lines += [
            _("共 %(rows)d 行：新增 %(created)d 人，更新 %(changed)d 人，未变 %(unchanged)d 人。") % {
                "rows": self.rows, "created": self.created, "changed": self.changed, "unchanged": self.unchanged},
        ]
        if self.new_colleges:
            lines.append(_("新学院：%s") % "、".join(f"{c} {n}" for c, n in self.new_colleges))
        if self.renamed_colleges:
            lines.append(_("学院改名：%s") % "、".join(f"{c} {o} → {n}" for c, o, n in self.renamed_colleges))
        if self.new_disciplines:
            lines.append(_("新专业：%s") % "、".join(f"{c} {n}" for c, n in self.new_disciplines))
        if self.renamed_disciplines:
            lines.append(_("专业改名：%s") % "、".join(f"{c} {o} → {n}" for c, o, n in self.renamed_disciplines))
        if self.table_names_kept:
            lines.append(_("以下专业在名单中的名称与研究生院的英文专业名称表（附件5）不同，按附件5保留，未改名：%s") % "、".join(
                f"{c} {t}（名单：{n}）" for c, t, n in self.table_names_kept))
        if self.corrections_kept:
            lines.append(_("%(n)d 处信息已按批准的更正申请更正，与名单不同，保留更正后的值（见下表）。") % {
                "n": len(self.corrections_kept)})
        if self.new_advisors:
            lines.append(_("新建导师账号 %d 个。") % self.new_advisors)
        if self.read_as:
            lines.append(_("按别名读取的表头：%s") % "、".join(f"{h} → {c}" for h, c in self.read_as))
        if self.unknown_columns:
            lines.append(_("以下列无法识别，已忽略：%s") % "、".join(self.unknown_columns))
        if self.findings_by_code:
            lines.append(_("系统发现的问题（照常导入，在学生记录上标记待更正）：%s") % "；".join(
                f"{label} {n} 人" for label, n in self.findings_by_code.items()))
        return lines


def colleges_by_name(parsed) -> list[RowError]:
    """A file without 学院代码 names each college: matched, exactly, against the colleges on file, and the rows get
    its code. A name not on file (or on two colleges) is an error, one per name at the first row that has it; a
    college is never created from a name alone, where a typo would make a new college."""
    on_file: dict[str, list[str]] = {}
    for code, name in College.objects.order_by("code").values_list("code", "name"):
        on_file.setdefault(name, []).append(code)
    label = parsed.labels.get("学院名称", "学院名称")
    unknown: dict[str, list[int]] = {}
    codes: dict[str, str] = {}
    for row in parsed.rows:
        name = row.college_name
        found = on_file.get(name)
        if found is not None and len(found) == 1:
            codes[name] = found[0]
        else:
            unknown.setdefault(name, []).append(row.row)
    errors = []
    known = "、".join(on_file) or _("（还没有任何学院）")
    for name, rows_of in unknown.items():
        if on_file.get(name):
            problem = _("有 %(n)d 个学院都叫“%(name)s”（代码 %(codes)s），只凭名称分不清；请在文件中加上「学院代码」列") % {
                "n": len(on_file[name]), "name": name, "codes": "、".join(on_file[name])}
        else:
            problem = _("学院“%(name)s”不在系统的学院中（共 %(n)d 行，第%(rows)s行）。文件没有「学院代码」列时，学院按名称对照系统中的学院：%(known)s。请改为其中之一，或在文件中加上「学院代码」列以新建学院") % {
                "name": name, "n": len(rows_of), "rows": "、".join(map(str, rows_of[:10])) + ("…" if len(rows_of) > 10 else ""),
                "known": known}
        errors.append(RowError(rows_of[0], label, name, problem))
    if errors:
        return errors
    parsed.rows = [row._replace(college_code=codes[row.college_name]) for row in parsed.rows]
    parsed.colleges = {code: name for name, code in codes.items()}
    return []


def fill_update(parsed, existing: dict[str, tuple], year: int) -> list[RowError]:
    """An update file's rows made whole: each field the file has no column for takes the student's stored value,
    so what follows (corrections kept, differences, writing) is the full import's. A 学号 not on the roster, and a
    学院代码 or 专业代码 not on file (an update never creates one), are errors."""
    protected = {number: old[-1] for number, old in existing.items() if old[-1]}
    renumbered = {fields["number"]: number for number, fields in protected.items()
                  if "number" in fields and fields["number"] not in existing}
    given = parsed.given | ({"college_code"} if parsed.colleges_by_name else set())
    missing = [f for f in COMPARED if f not in given]
    college_names = dict(College.objects.values_list("code", "name"))
    discipline_names = dict(Discipline.objects.values_list("code", "name_zh"))
    label = parsed.labels
    errors: list[RowError] = []
    filled: list[RosterRow] = []
    for row in parsed.rows:
        old = existing.get(row.number) or existing.get(renumbered.get(row.number, ""))
        if old is None:
            errors.append(RowError(row.row, label["学号"], row.number, _(
                "学号 %(n)s 不在%(y)d届的名单中；更新文件只能更新已导入的学生，新学生请用完整名单导入") % {
                "n": row.number, "y": year}))
            continue
        values = {f: old[_OFFSET + COMPARED.index(f)] for f in missing}
        for code_field, name_field, names, header in (
            ("college_code", "college_name", college_names, "学院代码"),
            ("discipline_code", "discipline_name", discipline_names, "专业代码"),
        ):
            code = values.get(code_field, getattr(row, code_field))
            if code not in names:
                errors.append(RowError(row.row, label[header], code, _(
                    "%(what)s %(code)s 不在系统中；更新文件不能新建学院或专业，请用完整名单导入") % {
                    "what": header, "code": code}))
            elif name_field not in given:
                values[name_field] = names[code]
        filled.append(row._replace(**values))
    if not errors:
        parsed.rows = filled
        parsed.colleges = {r.college_code: r.college_name for r in filled} if "college_name" in given else {}
        parsed.disciplines = {r.discipline_code: r.discipline_name for r in filled} if "discipline_name" in given else {}
    return errors


def campaign_for(year: int | None) -> tuple[Campaign, bool]:
    """The campaign an import goes to: the given year's, else the current one, else this year's. The second value
    says whether it exists yet (a dry run does not create it)."""
    if year is None:
        current = Campaign.current()
        if current is not None:
            return current, True
        year = timezone.localdate().year
    found = Campaign.objects.filter(year=year).first()
    if found is not None:
        return found, True
    return Campaign.of_year(year), False


@transaction.atomic
def import_roster(
    *,
    data: bytes,
    filename: str,
    campaign_year: int | None,
    by: Person,
    dry_run: bool,
    progress: Progress | None = None,
    update: bool = False,
) -> ImportReport:
    """R0.2: import a roster file into a campaign. `by` is a Graduate School staff member, or the system actor of
    the command line. The roster has no deadline in the notice's calendar, so no calendar check.
    Raises ActionRefused when the file cannot be read at all; row errors come back in the report.
    With `update`, the file has 学号 and any of the other columns: it sets just those of students already on the
    roster (fill_update), one audit event per changed field; a 学号 not on the roster is an error."""
    scoping.require_graduate_school(by)
    with bulk.large_write():
        return _import(data=data, filename=filename, campaign_year=campaign_year, by=by, dry_run=dry_run,
                       progress=progress, update=update)


def _import(*, data, filename, campaign_year, by, dry_run, progress, update) -> ImportReport:
    campaign, exists = campaign_for(campaign_year)
    if exists and not dry_run:
        # Two imports into one campaign at once would race on (campaign, 学号); the second waits here instead.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
    report = ImportReport(file_name=filename, campaign_year=campaign.year, dry_run=dry_run, update=update)
    # An update may have 学号 alone (refused, saying why); the message on a file without a header row names Biye's headers.
    table = tabular.read_table(data, filename, expect=KNOWN_HEADERS, enough=1 if update else 3, named=HEADERS)
    parsed = parse_roster(table, campaign_year=campaign.year, progress=progress, update=update)
    report.unknown_columns, report.read_as = parsed.unknown_columns, parsed.read_as
    if parsed.errors:
        report.errors = parsed.errors
        return report
    if parsed.colleges_by_name:
        parsed.errors.extend(colleges_by_name(parsed))
    existing = _existing_students(campaign) if exists else {}
    if not update and not parsed.errors:
        _keep_absent_columns(parsed, existing)
    if update and not parsed.errors:
        parsed.errors.extend(fill_update(parsed, existing, campaign.year))
        header = {c.field: c.header for c in COLUMNS}
        report.updated_columns = [header[f] for f in RosterRow._fields[1:] if f in parsed.given and f != "number"]
    if parsed.errors:
        report.errors = parsed.errors
        return report
    rows = parsed.rows
    report.rows = len(rows)
    now = timezone.now()

    colleges = {c.code: c for c in College.objects.all()}
    disciplines = {d.code: d for d in Discipline.objects.all()}
    report.new_colleges = sorted((code, name) for code, name in parsed.colleges.items() if code not in colleges)
    report.renamed_colleges = [(c, colleges[c].name, n) for c, n in parsed.colleges.items() if c in colleges and colleges[c].name != n]
    report.new_disciplines = sorted((code, name) for code, name in parsed.disciplines.items() if code not in disciplines)
    differing = [(c, n) for c, n in parsed.disciplines.items() if c in disciplines and disciplines[c].name_zh != n]
    report.renamed_disciplines = [(c, disciplines[c].name_zh, n) for c, n in differing if not disciplines[c].in_catalogue]
    report.table_names_kept = [(c, disciplines[c].name_zh, n) for c, n in differing if disciplines[c].in_catalogue]

    rows = _keep_corrections(rows, existing, disciplines, report)
    new_rows: list[RosterRow] = []
    changed: list[tuple[RosterRow, tuple, dict[str, tuple]]] = []
    for row in rows:
        old = existing.get(row.number)
        if old is None:
            new_rows.append(row)
            continue
        diff = _differences(row, old)
        if diff:
            changed.append((row, old, diff))
    new_rows.sort(key=attrgetter("number"))  # in key order, the unique indexes (学号, login) grow at their end
    report.created, report.changed = len(new_rows), len(changed)
    report.unchanged = report.rows - report.created - report.changed

    advisor_numbers = {r.advisor_number: r.advisor_name for r in rows if r.advisor_number}
    advisor_list = list(advisor_numbers)
    advisor_ids: dict[str, int] = {}
    for start in range(0, len(advisor_list), BATCH):
        advisor_ids.update(bulk.lookup(Person, "username", "id", advisor_list[start:start + BATCH]))
    report.new_advisors = len(advisor_numbers.keys() - advisor_ids.keys())

    english = {code for code, d in disciplines.items() if d.name_en.strip()}
    others: list = []
    if exists:
        in_file = {r.number for r in rows}
        others = [s for s in findings.subjects_of(campaign) if s.number not in in_file]
    desired = findings.desired_for(itertools.chain(rows, others), english)
    del others
    _count_findings(report, rows, desired)

    if dry_run:
        return report

    anything = bool(new_rows or changed or report.new_colleges or report.renamed_colleges or report.new_disciplines
                    or report.renamed_disciplines or report.new_advisors)
    if not exists:
        campaign = actions.create_campaign(year=campaign.year, by=by, at=now)
    source = archive_source(data, filename) if new_rows else ""
    # The import's own event comes first: the students it creates point at it (Student.origin).
    event = None
    if anything:
        event = audit.record(by, "roster.import", campaign, at=now, note="\n".join([filename, *report.summary_lines()]),
                             after={"source": source, "file": filename} if source else None)
    _write_colleges(report, colleges, by, now)
    _write_disciplines(report, disciplines, by, now)
    ids = {number: old[0] for number, old in existing.items()}
    del existing
    advisor_ids.update(_write_advisors(advisor_numbers, advisor_ids, by, now))
    ids.update(_write_new_students(campaign, new_rows, colleges, disciplines, advisor_ids, event, progress))
    _write_changes(campaign, changed, colleges, disciplines, advisor_ids, by, now, progress, per_field=update)
    changes = findings.refresh(campaign=campaign, desired=desired, ids=ids, insert=lambda rows: bulk.insert_rows(
        Finding, ("student_id", "code", "detail", "found_at"), ((s, c, d, now) for s, c, d in rows)))
    if not anything and changes.any:
        audit.record(by, "roster.findings", campaign, at=now, note=_("重新校验：新增问题 %(c)d 条，消除 %(d)d 条") % {
            "c": changes.created, "d": changes.deleted})
    return report


def _keep_absent_columns(parsed, existing: dict[str, tuple]) -> None:
    """A full import without one of the KEPT_WHEN_ABSENT columns leaves that field of a student on file as it is."""
    absent = [f for f in KEPT_WHEN_ABSENT if f not in parsed.given]
    if not absent or not existing:
        return
    positions = [(f, _OFFSET + COMPARED.index(f)) for f in absent]
    rows = []
    for row in parsed.rows:
        old = existing.get(row.number)
        rows.append(row._replace(**{f: old[i] for f, i in positions}) if old is not None else row)
    parsed.rows = rows


def _existing_students(campaign: Campaign) -> dict[str, tuple]:
    """number -> (pk, version, advisor_id, person_id, *COMPARED, protected_fields) for every student of the
    campaign, one query."""
    qs = (
        Student.objects.filter(campaign=campaign)
        .order_by()
        .values_list("number", "pk", "version", "advisor_id", "person_id", *PLAIN_FIELDS, "college__code", "discipline__code",
                     "protected_fields")
    )
    return {values[0]: values[1:] for values in qs.iterator(chunk_size=5000)}


# Student.protected_fields names Student fields; the roster row names the discipline by its code.
_ROW_FIELD = {"discipline": "discipline_code"}


def _keep_corrections(rows: list[RosterRow], existing: dict[str, tuple], disciplines: dict[str, Discipline],
                      report: ImportReport) -> list[RosterRow]:
    """R2.7: a re-import never silently undoes an approved correction. A row with a corrected student's old 学号
    is that student; a corrected field keeps its value; each such difference is reported."""
    protected = {number: old[-1] for number, old in existing.items() if old[-1]}
    if not protected:
        return rows
    renumbered = {fields["number"]: number for number, fields in protected.items()
                  if "number" in fields and fields["number"] not in existing}
    header = {c.field: c.header for c in COLUMNS}
    kept = report.corrections_kept
    result = []
    for row in rows:
        if row.number in renumbered:
            kept.append((row.row, renumbered[row.number], header["number"], renumbered[row.number], row.number))
            row = row._replace(number=renumbered[row.number])
        fields = protected.get(row.number)
        if fields:
            old = existing[row.number]
            changes = {}
            for name in fields:
                attr = _ROW_FIELD.get(name, name)
                if attr not in COMPARED:
                    continue
                stored, given = old[_OFFSET + COMPARED.index(attr)], getattr(row, attr)
                if stored != given:
                    changes[attr] = stored
                    kept.append((row.row, row.number, header[attr], audit.json_ready(stored), audit.json_ready(given)))
            if "discipline_code" in changes and changes["discipline_code"] in disciplines:
                changes["discipline_name"] = disciplines[changes["discipline_code"]].name_zh
            row = row._replace(**changes)
        result.append(row)
    return result


_OFFSET = 4  # pk, version, advisor_id, person_id come before the compared values


def _differences(row: RosterRow, old: tuple) -> dict[str, tuple]:
    diff = {}
    for i, name in enumerate(COMPARED):
        before, after = old[_OFFSET + i], getattr(row, name)
        if before != after:
            diff[name] = (before, after)
    # A photo on file stays on file: the roster is usually older than the vendor's results (R1.4), and a
    # re-import must not undo a collection. Removing a photo is not something a roster can say.
    if diff.get("photo_on_file") == (True, False):
        del diff["photo_on_file"]
    if row.advisor_number and old[2] is None:
        diff.setdefault("advisor_number", (old[_OFFSET + COMPARED.index("advisor_number")], row.advisor_number))
    return diff


def _count_findings(report: ImportReport, rows: list[RosterRow], desired: dict[str, dict[str, str]]) -> None:
    labels = {code: str(label) for code, label in Finding.Code.choices}  # translated once, not per finding
    counts: Counter[str] = Counter()
    for row in rows:
        found = desired.get(row.number)
        if not found:
            continue
        for code, detail in found.items():
            counts[labels[code]] += 1
            if len(report.finding_samples) < 200:
                report.finding_samples.append((row.row, row.number, row.name, f"{labels[code]}：{detail}"))
    report.findings_by_code = dict(counts)


def _unusable_passwords() -> Iterator[str]:
    """What Django's make_password(None) stores ("!" and 40 random characters), for one login after another:
    the random bytes of 2,000 logins are drawn at once (100,000 logins)."""
    while True:
        block = secrets.token_hex(20 * 2000)
        for start in range(0, len(block), 40):
            yield UNUSABLE_PASSWORD_PREFIX + block[start:start + 40]


def _write_colleges(report: ImportReport, colleges: dict[str, College], by: Person, now: dt.datetime) -> None:
    _write_coded(College, "name", report.new_colleges, report.renamed_colleges, colleges, "college", by, now,
                 lambda code, name: College(code=code, name=name))


def _write_disciplines(report: ImportReport, disciplines: dict[str, Discipline], by: Person, now: dt.datetime) -> None:
    _write_coded(
        Discipline, "name_zh", report.new_disciplines, report.renamed_disciplines, disciplines, "discipline", by, now,
        lambda code, name: Discipline(code=code, name_zh=name,
                                      level=Discipline.Level.FIRST if len(code) == 4 else Discipline.Level.SECOND),
    )


def _write_coded(model, name_field: str, new: list[tuple[str, str]], renamed: list[tuple[str, str, str]],
                 known: dict, kind: str, by: Person, now: dt.datetime, build: Callable) -> None:
    """Colleges and disciplines the roster names by code: create the new ones, rename the renamed ones, and audit
    each ("roster.create_college", "roster.rename_discipline" ...). `known` (code -> row) is updated in place."""
    created = model.objects.bulk_create([build(code, name) for code, name in new])
    known.update({obj.code: obj for obj in created})
    if created and created[0].pk is None:  # a database that does not return ids
        known.update({obj.code: obj for obj in model.objects.filter(code__in=[c for c, _n in new])})
    events = [audit.record(by, f"roster.create_{kind}", known[c], after={"code": c, name_field: n}, at=now, save=False)
              for c, n in new]
    for code, old, name in renamed:
        obj = known[code]
        setattr(obj, name_field, name)
        obj.save(update_fields=[name_field])
        events.append(audit.record(by, f"roster.rename_{kind}", obj, before={name_field: old}, after={name_field: name},
                                   at=now, save=False))
    audit.save_all(events)


def _write_advisors(numbers: dict[str, str], known: dict[str, int], by: Person, now: dt.datetime) -> dict[str, int]:
    """Advisors' accounts (username = 工号) and their advisor role, where missing."""
    missing = [(n, name) for n, name in numbers.items() if n not in known]
    passwords = _unusable_passwords()
    ids = dict(known)
    for start in range(0, len(missing), BATCH):
        ids.update(bulk.insert_returning_ids(
            Person, LOGIN_COLUMNS,
            [(n, next(passwords), name, "", "", "", False, True, False, now) for n, name in missing[start:start + BATCH]],
            key="username",
        ))
    granted = set(RoleGrant.objects.filter(role=Role.ADVISOR).values_list("person_id", flat=True))
    bulk.insert_rows(RoleGrant, ("person_id", "role", "college_id"),
                     ((pk, Role.ADVISOR.value, None) for pk in ids.values() if pk not in granted))
    audit.record_many(by, "roster.create_advisor", Person, (
        (ids[n], name or n, None, None, None, {"username": n, "display_name": name}) for n, name in missing
    ), at=now)
    return ids


def _row_values(row: RosterRow, colleges: dict[str, College], disciplines: dict[str, Discipline]) -> dict:
    values = {name: getattr(row, name) for name in PLAIN_FIELDS}
    values["college_id"] = colleges[row.college_code].pk
    values["discipline_id"] = disciplines[row.discipline_code].pk
    return values


def archive_source(data: bytes, filename: str) -> str:
    """Keep the roster file that created students, for ever, under its content hash (R5.3): the "roster.import"
    event names it, and each student it created points at that event and its row in the file (Student.origin,
    origin_row), so what a record was created as can always be read again."""
    digest = hashlib.sha256(data).hexdigest()
    suffix = Path(filename).suffix.lower()
    if suffix not in (".xlsx", ".xls", ".csv", ".txt", ".dbf"):
        suffix = ".bin"
    name = f"rosters/{digest}{suffix}"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))
    return name


def _write_new_students(campaign, rows, colleges, disciplines, advisor_ids, event, progress) -> dict[str, int]:
    """New students and their logins (username = 学号), in batches. Each student points at the import's event and
    its row in the file (Student.origin, origin_row): that event says who imported which archived file, when.
    Returns their ids by student number."""
    columns = ("campaign_id", "number", *PLAIN_FIELDS, "college_id", "discipline_id", "advisor_id", "person_id",
               "version", "origin_id", "origin_row")
    if not rows:
        return {}
    joined = bulk.db_value(Person, "date_joined", event.at)
    created: dict[str, int] = {}
    passwords = _unusable_passwords()
    plain = itemgetter(*(RosterRow._fields.index(f) for f in PLAIN_FIELDS))
    college_ids = {code: c.pk for code, c in colleges.items()}
    discipline_ids = {code: d.pk for code, d in disciplines.items()}
    for start in range(0, len(rows), BATCH):
        batch = rows[start:start + BATCH]
        numbers = [r.number for r in batch]
        persons = bulk.lookup(Person, "username", "id", numbers)  # accounts that exist already are linked
        taken = set(Student.objects.filter(person_id__in=list(persons.values())).values_list("person_id", flat=True)) if persons else set()
        persons.update(bulk.insert_returning_ids(
            Person, LOGIN_COLUMNS,
            [(r.number, next(passwords), r.name, "", "", "", False, True, False, joined)
             for r in batch if r.number not in persons],
            key="username", ready=("date_joined",),
        ))
        created.update(bulk.insert_returning_ids(
            Student, columns,
            [(campaign.pk, r.number, *plain(r), college_ids[r.college_code], discipline_ids[r.discipline_code],
              advisor_ids.get(r.advisor_number) if r.advisor_number else None,
              persons[r.number] if persons[r.number] not in taken else None, 1, event.pk, r.row)
             for r in batch],
            key="number", campaign=campaign.pk,
        ))
        if progress:
            progress("write", min(start + BATCH, len(rows)), len(rows))
    return created


def _write_changes(campaign, changed, colleges, disciplines, advisor_ids, by, now, progress, *, per_field=False) -> None:
    """Changed students: only what changed, one "roster.update" event each with before and after (an update file:
    one event per changed field)."""
    photo = _OFFSET + COMPARED.index("photo_on_file")
    for start in range(0, len(changed), BATCH):
        batch = changed[start:start + BATCH]
        _refuse_stale(batch)
        students, events = [], []
        for row, old, diff in batch:
            values = _row_values(row, colleges, disciplines)
            values["photo_on_file"] = row.photo_on_file or old[photo]  # every field is written: keep a collected photo
            student = Student(pk=old[0], campaign=campaign, number=row.number, version=old[1] + 1,
                              advisor_id=advisor_ids.get(row.advisor_number) if row.advisor_number else None, **values)
            students.append(student)
            parts = [{k: v} for k, v in diff.items()] if per_field else [diff]
            for part in parts:
                before = {k: audit.json_ready(b) for k, (b, _a) in part.items()}
                after = {k: audit.json_ready(a) for k, (_b, a) in part.items()}
                events.append(audit.record(by, "roster.update", student, before=before, after=after, student=student,
                                           college=colleges[row.college_code], at=now, save=False))
        Student.objects.bulk_update(
            students, [*PLAIN_FIELDS, "college_id", "discipline_id", "advisor_id", "version"], batch_size=500
        )
        audit.save_all(events, batch_size=BATCH)
        if progress:
            progress("update", min(start + BATCH, len(changed)), len(changed))


def _refuse_stale(batch: list[tuple[RosterRow, tuple, dict]]) -> None:
    """The changes were worked out from the versions read at the start of the import; a student edited since (by a
    college correcting a record, say) must not be overwritten with values that never saw that edit."""
    wanted = {old[0]: (row.number, old[1]) for row, old, _diff in batch}
    current = dict(Student.objects.select_for_update().filter(pk__in=list(wanted)).values_list("pk", "version"))
    stale = sorted(number for pk, (number, version) in wanted.items() if current.get(pk) != version)
    if stale:
        raise ActionRefused(
            _("导入期间，学号 %(numbers)s 的记录被其他人修改过，本次导入已取消，未写入任何数据。请重新上传名单，核对试导入结果后再确认。")
            % {"numbers": "、".join(stale[:10]) + ("……" if len(stale) > 10 else "")}
        )
