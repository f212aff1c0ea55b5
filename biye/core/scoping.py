"""The one place that says what a person may see and act on.

Every page, export and command that acts for a person starts here: a student sees their own record; a college
handler or dean their college; an advisor their advisees; Graduate School staff (and the system actor of commands) everything; the photo vendor
no student record at all, only the photo status of the current campaign's graduates (photo_subjects_for);
the archives the directed and commissioned graduates whose diplomas go to the dossier office.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from biye.core import codes
from biye.core.models import AuditEvent, College, Person, Role, RoleGrant, Student


@dataclass(frozen=True)
class Roles:
    """What one person holds, read once per request."""

    roles: frozenset[str] = frozenset()
    college_ids: frozenset[int] = frozenset()
    dean_college_ids: frozenset[int] = frozenset()
    handler_college_ids: frozenset[int] = frozenset()
    student_id: int | None = None
    grants: tuple[RoleGrant, ...] = field(default=())

    @property
    def is_gs(self) -> bool:
        return Role.GRADUATE_SCHOOL in self.roles

    @property
    def is_college(self) -> bool:
        return bool(self.college_ids)

    def has(self, role: str) -> bool:
        return role in self.roles


# What the system actor holds: the server's operator may do through a command what the Graduate School may do.
_SYSTEM = Roles(roles=frozenset({Role.GRADUATE_SCHOOL}))


def roles_of(person: Person | None) -> Roles:
    if getattr(person, "is_system", False):  # AnonymousUser has no such attribute
        return _SYSTEM
    if person is None or not person.is_authenticated or not person.is_active:
        return Roles()
    cached = getattr(person, "_biye_roles", None)
    if cached is not None:
        return cached
    grants = tuple(RoleGrant.objects.filter(person=person))
    student_id = Student.objects.filter(person=person).values_list("id", flat=True).first()
    roles = frozenset(g.role for g in grants) | ({Role.STUDENT} if student_id else frozenset())
    result = Roles(
        roles=frozenset(roles),
        college_ids=frozenset(g.college_id for g in grants if g.role in (Role.HANDLER, Role.DEAN)),
        dean_college_ids=frozenset(g.college_id for g in grants if g.role == Role.DEAN),
        handler_college_ids=frozenset(g.college_id for g in grants if g.role == Role.HANDLER),
        student_id=student_id,
        grants=grants,
    )
    person._biye_roles = result
    return result


def students_for(person: Person | None) -> QuerySet[Student]:
    """Every student whose record this person may see."""
    r = roles_of(person)
    if r.is_gs:
        return Student.objects.all()
    q = Q(pk__in=[])
    if r.college_ids:
        q |= Q(college_id__in=r.college_ids)
    if r.has(Role.ADVISOR):
        q |= Q(advisor=person)
    if r.student_id:
        q |= Q(pk=r.student_id)
    if r.has(Role.ARCHIVES):
        q |= Q(training_type__in=[codes.TrainingType.DIRECTED, codes.TrainingType.COMMISSIONED])
    return Student.objects.filter(q)


def photo_subjects_for(person: Person | None) -> QuerySet[Student]:
    """Students whose diploma-photo status this person may see: their own records, and for the photo vendor
    (an outside company) the current campaign's graduates, whose numbers and names its result files carry.
    Pages built on this show number, name, college and photo status, never the rest of a record."""
    qs = students_for(person)
    if roles_of(person).has(Role.VENDOR):
        qs = qs | Student.objects.filter(campaign__is_current=True)
    return qs


def colleges_for(person: Person | None) -> QuerySet[College]:
    """Colleges whose work this person may see (the Graduate School: all)."""
    r = roles_of(person)
    if r.is_gs:
        return College.objects.all()
    return College.objects.filter(pk__in=r.college_ids)


def audit_events_for(person: Person | None) -> QuerySet[AuditEvent]:
    """R5.3: the Graduate School sees every event; a college its students'; a student their own."""
    r = roles_of(person)
    if r.is_gs:
        return AuditEvent.objects.all()
    q = Q(pk__in=[])
    if r.college_ids:
        q |= Q(college_id__in=r.college_ids)
    if r.student_id:
        q |= Q(student_id=r.student_id)
    return AuditEvent.objects.filter(q)


def get_student_for(person: Person | None, pk: int) -> Student:
    """A student this person may see, or 404 (a student outside one's scope does not exist for one)."""
    try:
        return students_for(person).select_related("college", "discipline", "campaign").get(pk=pk)
    except (Student.DoesNotExist, ValueError, TypeError):
        raise Http404(_("没有找到该学生，或您无权查看。")) from None


def own_student(person: Person | None) -> Student:
    """The person's own student record, for the pages only a graduate uses (403 for anyone else)."""
    student_id = roles_of(person).student_id
    if not student_id:
        raise PermissionDenied(_("此页面仅供研究生本人使用。"))
    return get_student_for(person, student_id)


def get_college_for(person: Person | None, code: str) -> College:
    try:
        return colleges_for(person).select_related("division").get(code=code)
    except College.DoesNotExist:
        raise Http404(_("没有找到该学院，或您无权查看。")) from None


# --- checks for actions -------------------------------------------------------------------------------


def require_graduate_school(person: Person | None) -> None:
    if not roles_of(person).is_gs:
        raise PermissionDenied(_("只有研究生院工作人员可以进行此操作。"))


def require_role(person: Person | None, *roles: str) -> None:
    r = roles_of(person)
    if not any(r.has(role) for role in roles):
        raise PermissionDenied(_("您没有进行此操作的权限。"))


def can_act_for_college(person: Person | None, college: College | int) -> bool:
    r = roles_of(person)
    college_id = college if isinstance(college, int) else college.pk
    return r.is_gs or college_id in r.college_ids


def require_college_staff(person: Person | None, college: College | int) -> None:
    """A handler or dean of this college, or Graduate School staff."""
    if not can_act_for_college(person, college):
        raise PermissionDenied(_("您不是该学院的经办人或主管院长。"))


def require_handler(person: Person | None, college: College | int) -> None:
    r = roles_of(person)
    college_id = college if isinstance(college, int) else college.pk
    if not (r.is_gs or college_id in r.handler_college_ids):
        raise PermissionDenied(_("只有该学院的经办人可以进行此操作。"))


def require_dean(person: Person | None, college: College | int) -> None:
    r = roles_of(person)
    college_id = college if isinstance(college, int) else college.pk
    if college_id not in r.dean_college_ids:
        raise PermissionDenied(_("只有该学院的主管院长可以签发。"))


def require_self(person: Person | None, student: Student) -> None:
    """The student themselves, nobody else."""
    if roles_of(person).student_id != student.pk:
        raise PermissionDenied(_("只有学生本人可以进行此操作。"))


def require_can_act_for(person: Person | None, student: Student) -> None:
    """The student themselves, their college's staff, or the Graduate School."""
    r = roles_of(person)
    if not (r.is_gs or r.student_id == student.pk or student.college_id in r.college_ids):
        raise PermissionDenied(_("您无权修改该学生的信息。"))
