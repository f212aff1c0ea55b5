"""Every change the records section makes (R2.4, R2.7, R2.10): one audited action each.

Calendar (R5.1, server side, Asia/Shanghai): students confirm and apply, and colleges record paper
confirmations, decide applications, propose English-name corrections and mark findings as checked, until the
college submits its verification sheet (信息核对表, 06-18 inclusive). The Graduate School's own work — the 附件5
table and its decisions — has no date in the notice and is not bound by the calendar.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biye.core import audit, calendar, cells, codes, concerned, findings, scoping, signals, submissions, tabular
from biye.core.cells import Bad
from biye.core.errors import ActionRefused
from biye.core.imports import ImportReport
from biye.core.models import AuditEvent, Campaign, College, Deadline, Discipline, Finding, Person, Student, Submission
from biye.records import imports
from biye.records.models import CHECKED_FIELDS, Correction, EnglishNameCorrection, Evidence, RecordCheck

SUBMIT = Deadline.Kind.VERIFICATION_SUBMIT


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _require_dual(student: Student) -> None:
    if not concerned.is_receiving_diploma(student):
        raise ActionRefused(_("单证研究生不在信息核对表（附件6）中，无需核对学籍信息。如信息有误，请联系学院。"))


def _require_sheet_open(campaign: Campaign, college: College | int) -> None:
    """R2.9: checks, corrections and English names are rows of the college's 附件6 sheet; while it is submitted
    the college and its students cannot change them. (The Graduate School decides the applications that came
    with the sheet, so its own decisions are not held back.)"""
    submissions.require_not_frozen(campaign=campaign, college=college, kind=Submission.Kind.VERIFICATION)


def _refresh_findings() -> None:
    """The table changed: bring the current campaign's findings in line (no event: findings are derived)."""
    campaign = Campaign.current()
    if campaign is not None:
        findings.refresh(campaign=campaign)


# --- R2.4: the 附件5 table ------------------------------------------------------------------------------------

TABLE_FIELDS = ["name_zh", "name_en", "in_catalogue"]


@dataclass
class TableReport(ImportReport):
    rows: int = 0
    created: list[tuple[str, str]] = field(default_factory=list)  # code, English name
    changed: list[tuple[str, dict, dict]] = field(default_factory=list)  # code, before, after
    unchanged: int = 0


def _level(code: str) -> str:
    return Discipline.Level.FIRST if len(code) == 4 else Discipline.Level.SECOND


@transaction.atomic
def import_disciplines(*, data: bytes, filename: str, by: Person, dry_run: bool) -> TableReport:
    """R2.4: the Graduate School imports 附件5 (专业代码, 专业名称, 英文名称), all or nothing: a file with any bad
    row writes nothing and reports every bad row and column. Each listed discipline joins the catalogue."""
    scoping.require_graduate_school(by)
    report = TableReport(file_name=filename, dry_run=dry_run)
    # The header row is found by its first two columns, so that a missing 英文名称 is reported as such.
    parsed = imports.parse_table(tabular.read_table(data, filename, expect=imports.TABLE_HEADERS[:2]))
    if parsed.errors:
        report.errors = parsed.errors
        return report
    report.rows = len(parsed.rows)
    existing = {d.code: d for d in Discipline.objects.select_for_update().filter(code__in=[r.code for r in parsed.rows])}
    to_create, to_update, events = [], [], []
    at = timezone.now()
    for row in parsed.rows:
        d = existing.get(row.code)
        if d is None:
            report.created.append((row.code, row.name_en))
            to_create.append(Discipline(code=row.code, name_zh=row.name_zh, name_en=row.name_en, in_catalogue=True,
                                        level=_level(row.code)))
            continue
        before = audit.snapshot(d, TABLE_FIELDS)
        d.name_zh, d.name_en, d.in_catalogue = row.name_zh, row.name_en, True
        after = audit.snapshot(d, TABLE_FIELDS)
        if before == after:
            report.unchanged += 1
            continue
        d.version += 1
        to_update.append(d)
        changed = [k for k in TABLE_FIELDS if before[k] != after[k]]
        report.changed.append((row.code, {k: before[k] for k in changed}, {k: after[k] for k in changed}))
    if dry_run or not (to_create or to_update):
        return report
    created = Discipline.objects.bulk_create(to_create)
    if created and created[0].pk is None:
        created = list(Discipline.objects.filter(code__in=[d.code for d in to_create]))
    Discipline.objects.bulk_update(to_update, [*TABLE_FIELDS, "version"])
    events = [audit.record(by, "records.edit_discipline", d, after=audit.snapshot(d, TABLE_FIELDS), at=at, save=False)
              for d in created]
    events += [audit.record(by, "records.edit_discipline", d, before=b, after=a, at=at, save=False)
               for d, (_code, b, a) in zip(to_update, report.changed)]
    AuditEvent.objects.bulk_create(events)
    audit.record(by, "records.import_disciplines", Campaign.current() or by, at=at, note=_("%(f)s：新增 %(c)d 个专业，修改 %(u)d 个，未变 %(n)d 个") % {
        "f": filename, "c": len(report.created), "u": len(report.changed), "n": report.unchanged})
    _refresh_findings()
    return report


@transaction.atomic
def save_discipline(
    *, code: str, name_zh: str, name_en: str, by: Person, version: int | None = None
) -> Discipline:
    """R2.4: the Graduate School edits one row of 附件5 (or adds one); the row joins the catalogue. `version` is
    the row's version as the person saw it (None for a new row, or a script)."""
    scoping.require_graduate_school(by)
    values = {}
    for key, parse, raw in (("code", imports.discipline_code, code), ("name_zh", imports.chinese_name, name_zh),
                            ("name_en", imports.english_name, name_en)):
        try:
            values[key] = parse(raw)
        except Bad as bad:
            raise ActionRefused(str(bad), field=key) from None
    d = Discipline.objects.select_for_update().filter(code=values["code"]).first()
    if d is None:
        d = Discipline.objects.create(code=values["code"], name_zh=values["name_zh"], name_en=values["name_en"],
                                      in_catalogue=True, level=_level(values["code"]))
        audit.record(by, "records.edit_discipline", d, after=audit.snapshot(d, TABLE_FIELDS))
        _refresh_findings()
        return d
    if version is not None and version != d.version:
        raise ActionRefused(_("专业 %(code)s 刚被其他人修改过（英文名称现为“%(en)s”）。您的修改未保存；请刷新后重新填写。")
                            % {"code": d.code, "en": d.name_en or "—"})
    before = audit.snapshot(d, TABLE_FIELDS)
    d.name_zh, d.name_en, d.in_catalogue = values["name_zh"], values["name_en"], True
    after = audit.snapshot(d, TABLE_FIELDS)
    if before != after:
        d.version += 1
        d.save(update_fields=[*TABLE_FIELDS, "version"])
        audit.record(by, "records.edit_discipline", d, before=before, after=after)
        _refresh_findings()
    return d


@transaction.atomic
def propose_english_name(
    *, discipline: Discipline, college: College, by: Person, proposed_name: str, explanation: str,
    now: dt.datetime | None = None,
) -> EnglishNameCorrection:
    """R2.4: a college finds an English name wrong and proposes the right one, with a written explanation."""
    scoping.require_handler(by, college)
    at = _now(now)
    campaign = Campaign.current()
    if campaign is not None:
        calendar.require_open(campaign, SUBMIT, at)
        _require_sheet_open(campaign, college)
        # A college checks the names on its own sheet: the disciplines of its graduating students.
        if not Student.objects.filter(campaign=campaign, college=college, discipline=discipline).exists():
            raise ActionRefused(_("本学院本届没有%(discipline)s专业的毕业生，该专业的英文名称由有该专业毕业生的学院核对。")
                                % {"discipline": discipline.name_zh})
    try:
        proposed = imports.english_name(proposed_name)
    except Bad as bad:
        raise ActionRefused(str(bad), field="proposed_name") from None
    explanation = explanation.strip()
    if not explanation:
        raise ActionRefused(_("请填写情况说明：为什么现在的英文名称有误，依据是什么。"), field="explanation")
    if proposed == discipline.name_en:
        raise ActionRefused(_("建议的英文名称与现在的相同，无需更正。"), field="proposed_name")
    if EnglishNameCorrection.objects.filter(discipline=discipline, college=college,
                                            status=EnglishNameCorrection.Status.PENDING).exists():
        raise ActionRefused(_("本学院对该专业已有一条待研究生院审核的更正，请等待审核结果。"))
    proposal = EnglishNameCorrection.objects.create(
        discipline=discipline, college=college, current_name=discipline.name_en, proposed_name=proposed,
        explanation=explanation, proposed_by=by, proposed_at=at,
    )
    audit.record(by, "records.propose_english", proposal, college=college, note=explanation, at=at,
                 before={"name_en": discipline.name_en}, after={"name_en": proposed})
    return proposal


@transaction.atomic
def decide_english_name(
    *, proposal: EnglishNameCorrection, by: Person, accept: bool, reason: str, now: dt.datetime | None = None
) -> EnglishNameCorrection:
    """R2.4: the Graduate School accepts (the table changes, for every student of the discipline) or rejects."""
    scoping.require_graduate_school(by)
    at = _now(now)
    proposal = EnglishNameCorrection.objects.select_for_update().select_related("discipline", "college").get(pk=proposal.pk)
    if proposal.status != EnglishNameCorrection.Status.PENDING:
        raise ActionRefused(_("这条更正已经审核过（%(s)s），不能再次审核。") % {"s": proposal.get_status_display()})
    reason = reason.strip()
    if not accept and not reason:
        raise ActionRefused(_("不采纳时请写明理由，学院会看到。"), field="reason")
    proposal.status = EnglishNameCorrection.Status.ACCEPTED if accept else EnglishNameCorrection.Status.REJECTED
    proposal.decided_by, proposal.decided_at, proposal.decision_reason = by, at, reason
    proposal.save()
    audit.record(by, "records.decide_english", proposal, college=proposal.college, at=at, note=reason,
                 after={"status": proposal.status})
    if accept:
        d = Discipline.objects.select_for_update().get(pk=proposal.discipline_id)
        before = audit.snapshot(d, TABLE_FIELDS)
        d.name_en, d.in_catalogue, d.version = proposal.proposed_name, True, d.version + 1
        d.save(update_fields=[*TABLE_FIELDS, "version"])
        audit.record(by, "records.edit_discipline", d, before=before, after=audit.snapshot(d, TABLE_FIELDS), at=at,
                     note=_("采纳 %(college)s 的更正：%(reason)s") % {"college": proposal.college, "reason": proposal.explanation})
        _refresh_findings()
    return proposal


# --- R2.7: the student's check --------------------------------------------------------------------------------


def _student_may_act(student: Student, by: Person, now: dt.datetime | None) -> dt.datetime:
    """A student confirms or applies for their own record only: while they are on the 附件6 sheet (双证), the
    sheet's deadline is open and their college has not submitted it. Returns the moment of the action."""
    scoping.require_self(by, student)
    _require_dual(student)
    at = _now(now)
    calendar.require_open(student.campaign, SUBMIT, at)
    _require_sheet_open(student.campaign, student.college_id)
    return at


@transaction.atomic
def confirm_record(*, student: Student, by: Person, now: dt.datetime | None = None) -> RecordCheck:
    """R2.7: the student confirms "核对无误"."""
    at = _student_may_act(student, by, now)
    if Correction.objects.filter(student=student, status__in=Correction.OPEN).exists():
        raise ActionRefused(_("您有一份更正申请正在审核中。审核结束前不能确认“核对无误”。"))
    if RecordCheck.objects.filter(student=student).exists():
        raise ActionRefused(_("您已确认过学籍信息无误，无需重复确认。"))
    check = RecordCheck.objects.create(student=student, method=RecordCheck.Method.ONLINE, confirmed_at=at, confirmed_by=by)
    audit.record(by, "records.confirm", check, student=student, at=at, after={"method": check.method})
    return check


@transaction.atomic
def record_paper_checks(
    *, college: College, students: list[Student], signed_on: dt.date, by: Person, now: dt.datetime | None = None
) -> int:
    """R2.7: the college records that these students signed their record on paper (one date for all); counts
    the same as an online confirmation. Students who already confirmed are left as they are. Returns how many
    were recorded."""
    scoping.require_handler(by, college)
    at = _now(now)
    if signed_on > timezone.localdate(at):
        raise ActionRefused(_("签字日期不能晚于今天。"), field="signed_on")
    recorded = 0
    for student in students:
        if student.college_id != college.pk:
            raise ActionRefused(_("学号 %(n)s 不是本学院的学生。") % {"n": student.number})
        _require_dual(student)
        calendar.require_open(student.campaign, SUBMIT, at)
        _require_sheet_open(student.campaign, college)
        check, created = RecordCheck.objects.get_or_create(
            student=student,
            defaults={"method": RecordCheck.Method.PAPER, "confirmed_at": at, "confirmed_by": by, "paper_signed_on": signed_on},
        )
        if created:
            recorded += 1
            audit.record(by, "records.confirm_paper", check, student=student, at=at,
                         after={"method": check.method, "paper_signed_on": signed_on.isoformat()})
    return recorded


# --- R2.7: correction applications ----------------------------------------------------------------------------


def field_value(student: Student, name: str) -> str:
    """A checked field as text (the discipline by its code), as an application stores it."""
    if name == "discipline":
        return student.discipline.code
    return str(audit.json_ready(getattr(student, name)))


def clean_value(student: Student, name: str, raw: str) -> str:
    """The new value of one field, checked by core.cells' rule for it (the roster import's); Bad says what is
    wrong."""
    raw = (raw or "").strip()
    if not raw:
        raise Bad(_("请填写更正后的值"))
    if name == "name":
        return cells.checked_person_name(raw)
    if name == "number":
        return cells.identifier(raw, _("学号"))
    if name == "gender":
        return cells.choice(raw, codes.Gender.values)
    if name == "level":
        return cells.choice(raw, codes.Level.values)
    if name == "ethnicity":
        return cells.ethnicity(raw)
    if name == "birth_date":
        return cells.check_birth_year(cells.date(raw), student.campaign.year).isoformat()
    if name == "id_number":
        return cells.id_number(raw, student.id_type)
    if name == "discipline":
        code = cells.discipline_code(raw)
        if not Discipline.objects.filter(code=code).exists():
            raise Bad(_("专业代码 %(c)s 不在研究生院的专业表中") % {"c": code})
        return code
    raise Bad(_("这一项不能通过更正申请修改"))


@dataclass
class Upload:
    name: str
    data: bytes
    size: int | None = None  # when data was read only up to the limit, the file's real size


@transaction.atomic
def apply_for_correction(
    *, student: Student, by: Person, changes: dict[str, str], reason: str, files: list[Upload],
    now: dt.datetime | None = None,
) -> Correction:
    """R2.7: the student applies, in writing, to correct one or more fields, with evidence files. Every problem
    is refused before anything is stored."""
    at = _student_may_act(student, by, now)
    if Correction.objects.filter(student=student, status__in=Correction.OPEN).exists():
        raise ActionRefused(_("您已有一份更正申请正在审核中，请等待审核结果；如需补充，请联系学院退回后重新提交。"))
    before, after = {}, {}
    for name, raw in changes.items():
        if name not in CHECKED_FIELDS or not (raw or "").strip():
            continue
        try:
            value = clean_value(student, name, raw)
        except Bad as bad:
            raise ActionRefused(str(bad), field=name) from None
        if value != field_value(student, name):
            before[name], after[name] = field_value(student, name), value
    if not after:
        raise ActionRefused(_("请至少填写一项与现有信息不同的更正后的值。"))
    if "number" in after and Student.objects.filter(campaign=student.campaign, number=after["number"]).exists():
        raise ActionRefused(_("学号 %(n)s 已是本届另一名学生的学号。") % {"n": after["number"]}, field="number")
    reason = reason.strip()
    if not reason:
        raise ActionRefused(_("请写明更正理由（书面申请）。"), field="reason")
    if not files:
        raise ActionRefused(_("请上传证明材料（如身份证、户口本或学籍证明的扫描件或照片）。"), field="files")
    if len(files) > imports.MAX_EVIDENCE_FILES:
        raise ActionRefused(_("证明材料最多 %(n)d 个文件。") % {"n": imports.MAX_EVIDENCE_FILES}, field="files")
    kinds = []
    for upload in files:
        try:
            kinds.append(imports.evidence_kind(upload.data, upload.name, size=upload.size))
        except Bad as bad:
            raise ActionRefused(str(bad), field="files") from None
    correction = Correction.objects.create(student=student, before=before, after=after, reason=reason,
                                           submitted_by=by, submitted_at=at)
    stored: list[str] = []
    try:
        for upload, kind in zip(files, kinds):
            name = default_storage.save(f"evidence/{secrets.token_hex(16)}", ContentFile(upload.data))
            stored.append(name)
            Evidence.objects.create(correction=correction, original_name=upload.name[:200], kind=kind,
                                    size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(),
                                    stored_as=name, uploaded_at=at)
        audit.record(by, "records.apply", correction, student=student, at=at, before=before, after=after,
                     note=reason)
    except Exception:
        for name in stored:  # the transaction is undone: leave no file behind it
            default_storage.delete(name)
        raise
    return correction


def _locked(correction: Correction, version: int | None) -> Correction:
    locked = Correction.objects.select_for_update().get(pk=correction.pk)
    locked.student = correction.student
    if version is not None and version != locked.version:
        raise ActionRefused(_("这份申请刚被其他人处理过（现在：%(s)s）。请刷新页面后再操作。") % {"s": locked.get_status_display()})
    return locked


@dataclass(frozen=True)
class _Stage:
    """One of the two reviews of an application: the status it decides, where approval and return send it,
    the Correction fields that keep who/when/why (college_by ... or gs_by ...), and what the refusals say."""

    status: str
    approved: str
    returned: str
    prefix: str
    not_here: Promise
    reason_needed: Promise


_COLLEGE = _Stage(Correction.Status.COLLEGE, Correction.Status.GRADUATE_SCHOOL, Correction.Status.RETURNED_BY_COLLEGE,
                  "college", gettext_lazy("这份申请不在学院审核环节（现在：%(s)s）。"), gettext_lazy("退回时请写明理由，学生会看到。"))
_GS = _Stage(Correction.Status.GRADUATE_SCHOOL, Correction.Status.APPROVED, Correction.Status.RETURNED_BY_GS,
             "gs", gettext_lazy("这份申请不在研究生院审核环节（现在：%(s)s）。"),
             gettext_lazy("退回时请写明理由，学院和学生会看到。"))


def _decide(correction: Correction, stage: _Stage, *, by: Person, approve: bool, note: str, version: int | None,
            at: dt.datetime) -> Correction:
    """The part both reviews share, once permission and calendar are checked: the application, locked at the
    version the reviewer saw, moves on or goes back (with a reason), and the decision is audited."""
    correction = _locked(correction, version)
    if correction.status != stage.status:
        raise ActionRefused(str(stage.not_here) % {"s": correction.get_status_display()})
    note = note.strip()
    if not approve and not note:
        raise ActionRefused(str(stage.reason_needed), field="note")
    correction.status = stage.approved if approve else stage.returned
    for suffix, value in (("by", by), ("at", at), ("note", note)):
        setattr(correction, f"{stage.prefix}_{suffix}", value)
    correction.version += 1
    correction.save()
    audit.record(by, f"records.{stage.prefix}_decide", correction, student=correction.student, at=at, note=note,
                 after={"status": correction.status})
    return correction


@transaction.atomic
def college_decide(
    *, correction: Correction, by: Person, approve: bool, note: str, version: int | None,
    now: dt.datetime | None = None,
) -> Correction:
    """R2.7: the college's handler approves the application (it goes on to the Graduate School) or returns it
    with a reason (the student may apply again)."""
    student = correction.student
    scoping.require_handler(by, student.college_id)
    at = _now(now)
    calendar.require_open(student.campaign, SUBMIT, at)
    _require_sheet_open(student.campaign, student.college_id)
    return _decide(correction, _COLLEGE, by=by, approve=approve, note=note, version=version, at=at)


@transaction.atomic
def gs_decide(
    *, correction: Correction, by: Person, approve: bool, note: str, version: int | None,
    now: dt.datetime | None = None,
) -> Correction:
    """R2.7: the Graduate School approves (the record changes now, in this transaction) or returns it."""
    scoping.require_graduate_school(by)
    at = _now(now)
    correction = _decide(correction, _GS, by=by, approve=approve, note=note, version=version, at=at)
    if approve:
        _correct(correction, by=by, at=at)
    return correction


def _correct(correction: Correction, *, by: Person, at: dt.datetime) -> None:
    """The record takes the approved values; the corrected fields become protected from a roster re-import; a
    new 学号 takes the login with it; the other sections hear of it (core.signals.student_corrected)."""
    student = (Student.objects.select_for_update(of=("self",))
               .select_related("college", "discipline", "campaign", "person").get(pk=correction.student_id))
    changed_since = [f for f, old in correction.before.items() if field_value(student, f) != old]
    if changed_since:
        raise ActionRefused(_("申请提交后，该学生的%(fields)s已被修改，与申请时不同。请退回申请，由学生按现有信息重新申请。")
                            % {"fields": "、".join(str(Student._meta.get_field(f).verbose_name) for f in changed_since)})
    after = correction.after
    for name, value in after.items():
        if name == "discipline":
            student.discipline = Discipline.objects.get(code=value)
        elif name == "birth_date":
            student.birth_date = dt.date.fromisoformat(value)
        else:
            setattr(student, name, value)
    if "number" in after:
        if Student.objects.filter(campaign=student.campaign, number=after["number"]).exclude(pk=student.pk).exists():
            raise ActionRefused(_("学号 %(n)s 已是本届另一名学生的学号，不能更正为它。") % {"n": after["number"]})
        person = student.person
        if person is not None and person.username != after["number"]:
            if Person.objects.filter(username=after["number"]).exclude(pk=person.pk).exists():
                raise ActionRefused(_("已有用户名为 %(n)s 的账号，学生的登录名无法随学号更改。请联系系统管理员。") % {"n": after["number"]})
            old_username = person.username
            person.username = after["number"]
            person.save(update_fields=["username"])
            audit.record(by, "records.correct", person, student=student, at=at,
                         before={"username": old_username}, after={"username": person.username})
    if "name" in after and student.person is not None:  # the name in the page header follows the record
        student.person.display_name = after["name"]
        student.person.save(update_fields=["display_name"])
    student.protected_fields = {**correction.before, **student.protected_fields}  # the first correction's "before" stays
    student.version += 1
    student.save()
    audit.record(by, "records.correct", student, student=student, at=at, before=correction.before, after=after,
                 note=correction.reason)
    findings.refresh(campaign=student.campaign)
    signals.student_corrected.send(
        sender=Correction, student=student, fields=list(after), before=correction.before, after=after, by=by, at=at)


# --- R2.10: findings the college checked ----------------------------------------------------------------------


@transaction.atomic
def check_finding(*, finding: Finding, by: Person, note: str, now: dt.datetime | None = None) -> Finding:
    """R2.10: the college looked into a finding and the record is right as it is (a real ID number whose check
    digit is wrong, say): who, when and why are kept, and the finding no longer counts as open."""
    student = finding.student
    scoping.require_handler(by, student.college_id)
    if finding.about_table:
        raise ActionRefused(_("这是研究生院英文专业名称表（附件5）的问题，由研究生院在专业表中补全或更正，学院不能标记为无误。"))
    at = _now(now)
    calendar.require_open(student.campaign, SUBMIT, at)
    note = note.strip()
    if not note:
        raise ActionRefused(_("请写明核实的情况（例如：已核对身份证原件，号码无误）。"), field="note")
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if finding.checked_at is not None:
        raise ActionRefused(_("这条问题已由 %(who)s 核实过。") % {"who": finding.checked_by})
    finding.checked_at, finding.checked_by, finding.check_note = at, by, note[:300]
    finding.save(update_fields=["checked_at", "checked_by", "check_note"])
    audit.record(by, "records.check_finding", finding, student=student, at=at, note=note,
                 after={"code": finding.code, "detail": finding.detail})
    return finding
