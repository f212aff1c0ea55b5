"""R1 state changes: every one is an action here (permission, calendar, rows, audit, one transaction).

Calendar rules (server clock, Asia/Shanghai; Deadline.closes is exclusive):
- online (线上) collections must fall inside the PHOTO_ONLINE window (06-09 00:00 – 06-13 00:00 by default);
- studio (影像中心) collections, and the college's record of a paper photo, fall between the start of collection
  (PHOTO_ONLINE opens) and the close of PHOTO_MAKEUP (06-21 00:00 by default);
- the server's clock decides whether anything is still taken: once PHOTO_MAKEUP has closed, a vendor's file is
  refused whatever dates it holds,
- except by the Graduate School with a written reason (also the `biye import-photos --reason` command), which the
  audit event keeps. A time before collection began is never taken: it is a typing error, not a late one.

The vendor learns nothing it did not send: what its report shows of a row is what its file said and whether the
row matched a student ("不匹配", never which part, never the record's 学号, 学院 or name). The Graduate School's
report (and the command line's) says which part did not match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from biye.core import audit, calendar, cells, concerned, scoping
from biye.core.errors import ActionRefused
from biye.core.imports import ImportReport as BaseImportReport
from biye.core.models import Campaign, Deadline, Person, Role, Student
from biye.photos.imports import VendorRow
from biye.photos.models import InclusionRequest, PhotoCollection
from biye.photos.queries import collection_of

def _state(student: Student, collection: PhotoCollection | None) -> dict:
    """What the audit trail keeps of a student's photo before and after a change."""
    return {
        "photo_on_file": student.photo_on_file,
        "collected_at": timezone.localtime(collection.collected_at).isoformat() if collection else None,
        "method": collection.method if collection else None,
        "source": collection.source if collection else None,
        "paper_received_on": (
            collection.paper_received_on.isoformat() if collection and collection.paper_received_on else None
        ),
    }


def _fmt(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _may_override(by: Person) -> bool:
    """The Graduate School, or the server's operator running a command (the system actor), may take late work."""
    return scoping.roles_of(by).is_gs


def _eligible(student: Student, included_ids: set[int]) -> bool:
    """On list A or B, or included on approval (R1.3); only a graduate who receives a 学历证书 (R1.6)."""
    return concerned.is_receiving_diploma(student) and (
        student.photo_on_file
        or concerned.is_enrolled_by_cutoff(student)
        or student.pk in included_ids
    )


def _chunks(items: Iterable, size: int = 500) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- R1.4 the vendor's results -----------------------------------------------------------------------------


@dataclass
class Outcome:
    row: int
    label: str  # 学号 or 证件号码 as the file gave it
    name: str
    message: str = ""
    collected_at: dt.datetime | None = None
    method: str = ""
    student: Student | None = None


@dataclass
class ImportReport(BaseImportReport):
    """Rows are taken one by one: a rejected row (with its message) does not stop the others. `full_view` says
    whether the reader may see the matched students' records (the Graduate School, the command line) or only
    what its own file said (the vendor)."""

    dry_run: bool = False
    taken: list[Outcome] = field(default_factory=list)
    unchanged: list[Outcome] = field(default_factory=list)
    rejected: list[Outcome] = field(default_factory=list)
    full_view: bool = True

    @property
    def total(self) -> int:
        return len(self.taken) + len(self.unchanged) + len(self.rejected)


def _find_students(campaign: Campaign, rows: list[VendorRow], lock: bool) -> tuple[dict, dict]:
    base = Student.objects.filter(campaign=campaign).select_related("college", "campaign", "photo_collection")
    if lock:
        base = base.select_for_update(of=("self",))
    by_number: dict[str, Student] = {}
    by_id: dict[str, list[Student]] = {}
    for batch in _chunks({r.number for r in rows if r.number}):
        by_number.update({s.number: s for s in base.filter(number__in=batch)})
    for batch in _chunks({r.id_number for r in rows if r.id_number and not r.number}):
        for s in base.filter(id_number__in=batch):
            by_id.setdefault(s.id_number.upper(), []).append(s)
    return by_number, by_id


@transaction.atomic
def import_vendor_results(
    *,
    campaign: Campaign,
    rows: list[VendorRow],
    file_name: str,
    by: Person,
    reason: str = "",
    now: dt.datetime | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """R1.4: take the vendor's result rows. Unknown students and names that disagree with the roster are
    reported and not taken; the rest are. The same row twice changes nothing; a later collection of a student
    replaces the earlier one, an earlier one never replaces a later one. `by` is the vendor or Graduate School
    staff, or the system actor of the command line. With dry_run nothing is written."""
    scoping.require_role(by, Role.VENDOR, Role.GRADUATE_SCHOOL)
    reason = (reason or "").strip()
    if reason and not _may_override(by):
        raise PermissionDenied(_("只有研究生院可以在截止后填写原因补录。"))
    override = bool(reason)
    now = now or timezone.now()
    online = calendar.deadline(campaign, Deadline.Kind.PHOTO_ONLINE)
    makeup = calendar.deadline(campaign, Deadline.Kind.PHOTO_MAKEUP)
    if now >= makeup.closes and not override:
        # R1.5, R5.1: the server's clock decides, not the dates the file holds (a backdated file is still late).
        closes = calendar.format_due(makeup.closes)
        if _may_override(by):
            raise ActionRefused(_("最晚补采集时间已过（%(t)s 截止），补录须填写原因。") % {"t": closes}, field="reason")
        raise ActionRefused(_("最晚补采集时间已过（%(t)s 截止），不再接受采集结果文件。如有特殊情况，请联系研究生院。")
                            % {"t": closes}, field="file")
    collection_starts = online.opens or makeup.opens
    full_view = by is None or scoping.roles_of(by).is_gs
    report = ImportReport(file_name=file_name, dry_run=dry_run, full_view=full_view)
    no_match = _("不匹配：学号、证件号码与姓名未能对应到名单中的一名学生，请与学生核对后另行上传")

    by_number, by_id = _find_students(campaign, rows, lock=not dry_run)
    found_ids = {s.pk for s in by_number.values()} | {s.pk for ss in by_id.values() for s in ss}
    included: set[int] = set()
    for batch in _chunks(found_ids):
        included.update(
            InclusionRequest.objects.filter(student_id__in=batch, state=InclusionRequest.State.APPROVED)
            .values_list("student_id", flat=True)
        )

    best: dict[int, Outcome] = {}
    for row in rows:
        outcome = Outcome(row=row.row, label=row.label, name=row.name, collected_at=row.collected_at,
                          method=row.method)
        problem = pgettext("clause separator", "；").join(row.problems)
        student = None
        if not problem and row.number:
            student = by_number.get(row.number)
            if student is None:
                problem = _("学号 %(n)s 不在%(c)s名单中") % {"n": row.number, "c": campaign}
            elif row.id_number and student.id_number.upper() != row.id_number:
                problem = _("学号与证件号码不是同一名学生，请向影像中心核对这一行的学号和证件号码")
        elif not problem:
            matches = by_id.get(row.id_number, [])
            if not matches:
                problem = _("证件号码 %(n)s 不在%(c)s名单中") % {"n": row.id_number, "c": campaign}
            elif len(matches) > 1:
                problem = _("该证件号码对应多名学生，请在文件中填写学号")
            else:
                student = matches[0]
        if not problem and not cells.same_person_name(row.name, student.name):
            problem = _("姓名“%(name)s”与学籍姓名不符") % {"name": row.name}
        if problem and not row.problems and not full_view:
            problem, student = no_match, None  # the vendor is not told which part, nor anything of the record
        if not problem and not _eligible(student, included):
            problem = _("该学生不在本次采集名单（附件1、附件2）中；须由学院申请、研究生院批准列入后再导入")
        if not problem:
            t = row.collected_at
            late = None
            if t > now:
                problem = _("采集时间晚于当前时间，请核对这一行的日期（年、月、日是否写反）")
            elif collection_starts is not None and t < collection_starts:
                # Before collection began is a typing error, not a late row: no written reason takes it.
                if row.method == PhotoCollection.Method.ONLINE:
                    problem = _("线上采集时间不在线上采集时段内（%(a)s 至 %(b)s 前）") % {
                        "a": _fmt(collection_starts), "b": calendar.format_due(online.closes)}
                else:
                    problem = _("采集时间早于本届图像采集开始时间（%(t)s），请核对这一行的日期") % {
                        "t": _fmt(collection_starts)}
            elif t >= makeup.closes:
                late = _("采集时间晚于最晚补采集时间（%(t)s 前）") % {"t": calendar.format_due(makeup.closes)}
            elif row.method == PhotoCollection.Method.ONLINE and not (
                (online.opens is None or online.opens <= t) and t < online.closes
            ):
                late = _("线上采集时间不在线上采集时段内（%(a)s 至 %(b)s 前）") % {
                    "a": _fmt(online.opens) if online.opens else "—", "b": calendar.format_due(online.closes)
                }
            if late and not override:
                problem = late
            elif late:
                outcome.message = _("研究生院补录：%(late)s") % {"late": late}
        if problem:
            outcome.message = problem
            report.rejected.append(outcome)
            continue
        outcome.student = student
        earlier = best.get(student.pk)
        if earlier is not None:
            keep, drop = (outcome, earlier) if outcome.collected_at > earlier.collected_at else (earlier, outcome)
            drop.message = (_("同一文件中该学生另有更晚的采集记录（第 %(r)d 行）") % {"r": keep.row} if full_view
                            else _("同一文件中另有更晚的采集记录"))
            report.unchanged.append(drop)
            best[student.pk] = keep
        else:
            best[student.pk] = outcome

    for outcome in sorted(best.values(), key=lambda o: o.row):
        existing = collection_of(outcome.student)
        if existing is not None and existing.collected_at >= outcome.collected_at:
            if existing.collected_at == outcome.collected_at:
                outcome.message = _("已导入过，无变化")
            else:
                outcome.message = (_("早于已记录的采集时间（%(t)s），不替换") % {"t": _fmt(existing.collected_at)}
                                   if full_view else _("早于已记录的采集时间，不替换"))
            report.unchanged.append(outcome)
        else:
            report.taken.append(outcome)
    report.unchanged.sort(key=lambda o: o.row)
    if dry_run or not report.taken:
        return report

    new, changed, events, newly_on_file = [], [], [], []
    for outcome in report.taken:
        student = outcome.student
        existing = collection_of(student)
        before = _state(student, existing)
        c = existing or PhotoCollection(student=student, had_photo_before=student.photo_on_file)
        c.collected_at, c.method = outcome.collected_at, outcome.method
        c.source, c.source_file = PhotoCollection.Source.VENDOR_FILE, file_name[:200]
        c.recorded_by, c.recorded_at = by, now
        (changed if existing else new).append(c)
        if not student.photo_on_file:
            newly_on_file.append(student.pk)
            student.photo_on_file = True
        note = "；".join(filter(None, [_("文件 %(f)s 第 %(r)d 行") % {"f": file_name, "r": outcome.row},
                                       outcome.message, reason]))
        events.append(audit.record(by, "photos.vendor_result", student, before=before,
                                   after=_state(student, c), note=note, at=now, save=False))
    PhotoCollection.objects.bulk_create(new, batch_size=500)
    PhotoCollection.objects.bulk_update(
        changed, ["collected_at", "method", "source", "source_file", "recorded_by", "recorded_at"], batch_size=500
    )
    for batch in _chunks(newly_on_file):
        Student.objects.filter(pk__in=batch).update(photo_on_file=True)
    type(events[0]).objects.bulk_create(events, batch_size=500)
    return report


# --- R1.5 the college records a paper photo -----------------------------------------------------------------


@transaction.atomic
def record_paper_photo(
    *, student: Student, by: Person, received_on: dt.date, reason: str = "", now: dt.datetime | None = None
) -> PhotoCollection:
    """R1.5: the college's handler records that it received the student's paper photo from a studio make-up
    ("纸质版照片交至学院"); the student then counts as collected (影像中心). Until the make-up deadline; after
    it only the Graduate School, with a written reason."""
    scoping.require_handler(by, student.college_id)
    student = (
        Student.objects.select_for_update(of=("self",)).select_related("college", "campaign", "photo_collection")
        .get(pk=student.pk)
    )
    now = now or timezone.now()
    reason = (reason or "").strip()
    if calendar.is_past(student.campaign, Deadline.Kind.PHOTO_MAKEUP, now):
        closes = calendar.format_due(calendar.deadline(student.campaign, Deadline.Kind.PHOTO_MAKEUP).closes)
        if not _may_override(by):
            raise ActionRefused(
                _("最晚补采集时间已过（%(t)s 截止），学院不能再记录纸质照片。如有特殊情况，请联系研究生院。")
                % {"t": closes}
            )
        if not reason:
            raise ActionRefused(_("最晚补采集时间已过（%(t)s 截止），补录须填写原因。") % {"t": closes},
                                field="reason")
    if received_on > timezone.localdate(now):
        raise ActionRefused(_("收到日期不能晚于今天。"), field="received_on")
    online = calendar.deadline(student.campaign, Deadline.Kind.PHOTO_ONLINE)
    starts = online.opens or calendar.deadline(student.campaign, Deadline.Kind.PHOTO_MAKEUP).opens
    if starts is not None and received_on < timezone.localdate(starts):
        raise ActionRefused(_("收到日期 %(d)s 早于本届图像采集开始日期（%(s)s），请核对。") % {
            "d": received_on.isoformat(), "s": timezone.localdate(starts).isoformat()}, field="received_on")
    included = set(
        InclusionRequest.objects.filter(student=student, state=InclusionRequest.State.APPROVED)
        .values_list("student_id", flat=True)
    )
    if not _eligible(student, included):
        raise ActionRefused(_("该学生不在本次采集名单中。请先申请列入，经研究生院批准后再记录。"))
    existing = collection_of(student)
    if existing is not None and existing.paper_received_on is not None:
        # A second click (or a colleague on another screen) must not overwrite the first receipt.
        raise ActionRefused(
            _("已于 %(d)s 记录过该学生的纸质照片（记录人：%(who)s）。")
            % {"d": f"{existing.paper_received_on:%Y-%m-%d}", "who": existing.paper_received_by or "—"}
        )
    before = _state(student, existing)
    c = existing or PhotoCollection(
        student=student,
        collected_at=timezone.make_aware(dt.datetime.combine(received_on, dt.time.min)),
        method=PhotoCollection.Method.STUDIO,
        source=PhotoCollection.Source.PAPER,
        recorded_by=by,
        recorded_at=now,
        had_photo_before=student.photo_on_file,
    )
    c.paper_received_on, c.paper_received_by = received_on, by
    c.save()
    if not student.photo_on_file:
        student.photo_on_file = True
        student.save(update_fields=["photo_on_file"])
    audit.record(by, "photos.record_paper_photo", student, before=before, after=_state(student, c), note=reason,
                 at=now)
    return c


# --- R1.3 inclusion on request ---------------------------------------------------------------------------


def _require_before_makeup_deadline(campaign: Campaign, now: dt.datetime) -> None:
    if calendar.is_past(campaign, Deadline.Kind.PHOTO_MAKEUP, now):
        closes = calendar.format_due(calendar.deadline(campaign, Deadline.Kind.PHOTO_MAKEUP).closes)
        raise ActionRefused(_("最晚补采集时间已过（%(t)s 截止），不再受理列入采集的申请。") % {"t": closes})


@transaction.atomic
def request_inclusion(
    *, student: Student, by: Person, reason: str, now: dt.datetime | None = None
) -> InclusionRequest:
    """R1.3: the college asks the Graduate School to add a student who is on neither list."""
    scoping.require_handler(by, student.college_id)
    student = Student.objects.select_for_update(of=("self",)).select_related("campaign", "college").get(pk=student.pk)
    now = now or timezone.now()
    _require_before_makeup_deadline(student.campaign, now)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("请填写申请理由（学生的情况）。"), field="reason")
    if not concerned.is_receiving_diploma(student):
        raise ActionRefused(_("该学生为单证（只获学位证书），不办理学历电子注册，无需采集图像。"))
    if student.photo_on_file:
        raise ActionRefused(_("该学生已有图像（附件2名单），可自愿参加采集，无需申请。"))
    if concerned.is_enrolled_by_cutoff(student):
        raise ActionRefused(_("该学生已在附件1名单中（必须采集），无需申请。"))
    live = InclusionRequest.objects.filter(student=student).exclude(state=InclusionRequest.State.REJECTED).first()
    if live is not None:
        raise ActionRefused(_("该学生已有申请（%(state)s），无需重复申请。") % {"state": live.get_state_display()})
    req = InclusionRequest.objects.create(student=student, reason=reason, requested_by=by, requested_at=now)
    audit.record(by, "photos.request_inclusion", req, student=student, after=audit.snapshot(req), at=now)
    return req


@transaction.atomic
def decide_inclusion(
    *, request: InclusionRequest, by: Person, approve: bool, note: str = "", now: dt.datetime | None = None
) -> InclusionRequest:
    """R1.3: the Graduate School approves (the student joins list A) or rejects with a reason."""
    scoping.require_graduate_school(by)
    req = InclusionRequest.objects.select_for_update(of=("self",)).select_related(
        "student", "student__campaign", "student__college"
    ).get(pk=request.pk)
    now = now or timezone.now()
    if req.state != InclusionRequest.State.PENDING:
        raise ActionRefused(_("该申请已处理（%(state)s），请刷新页面。") % {"state": req.get_state_display()})
    _require_before_makeup_deadline(req.student.campaign, now)
    note = (note or "").strip()
    if not approve and not note:
        raise ActionRefused(_("不批准时请填写原因，学院会看到。"), field="note")
    before = audit.snapshot(req, ["state", "decided_by_id", "decided_at", "decision_note"])
    req.state = InclusionRequest.State.APPROVED if approve else InclusionRequest.State.REJECTED
    req.decided_by, req.decided_at, req.decision_note = by, now, note
    req.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    audit.record(by, "photos.decide_inclusion", req, student=req.student, before=before,
                 after=audit.snapshot(req, ["state", "decided_by_id", "decided_at", "decision_note"]), note=note,
                 at=now)
    return req
