"""Reads of the core, always starting from scoping."""

from __future__ import annotations

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from biye.core import checklist, concerned, scoping
from biye.core.models import AuditEvent, Campaign, Finding, Person, Role, RoleGrant, Student


def student_list(
    person: Person,
    *,
    campaign: Campaign | None,
    college_id: int | None = None,
    search: str = "",
    filters: dict[str, str] | None = None,
) -> QuerySet[Student]:
    """A scoped, filtered list of students, ready for one page of a table (no query per row)."""
    qs = scoping.students_for(person)
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if college_id is not None:
        qs = qs.filter(college_id=college_id)
    filters = filters or {}
    for name in ("level", "study_mode", "training_type", "certificate_type", "expected_term"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("findings") == "yes":
        qs = qs.filter(Exists(Finding.objects.filter(student=OuterRef("pk"))))
    task_key, state = filters.get("task"), filters.get("state")
    task = next((t for t in checklist.tasks() if t.key == task_key and t.built), None)
    if task is not None and state in ("done", "todo"):
        qs = qs.filter(task.applies)
        qs = qs.filter(task.done) if state == "done" else qs.exclude(task.done)
    if search:
        search = search.strip()
        qs = qs.filter(Q(number__icontains=search) | Q(name__icontains=search) | Q(id_number__icontains=search))
    return (
        qs.select_related("college", "discipline")
        .annotate(finding_count=Count("findings"),
                  receives_diploma=ExpressionWrapper(concerned.receives_diploma(), output_field=BooleanField()))
        .order_by("number")
    )


def history(person: Person, *, student_id: int | None = None, search: str = "", action: str = "") -> QuerySet[AuditEvent]:
    qs = scoping.audit_events_for(person)
    if student_id is not None:
        qs = qs.filter(student_id=student_id)
    if search:
        search = search.strip()
        qs = qs.filter(
            Q(student__number=search) | Q(student__name__icontains=search) | Q(object_label__icontains=search)
            | Q(actor_label__icontains=search)
            # the roster import that created a student of that 学号 (Student.origin)
            | Q(pk__in=Student.objects.filter(number=search, origin__isnull=False).values("origin_id"))
        )
    if action:
        qs = qs.filter(action__startswith=action)
    return qs.select_related("student", "college")


def role_grants(person: Person, *, search: str = "") -> QuerySet[RoleGrant]:
    """Every role held, for the Graduate School's people page (nobody else may see who holds what)."""
    scoping.require_graduate_school(person)
    qs = RoleGrant.objects.select_related("person", "college")
    if search:
        search = search.strip()
        qs = qs.filter(Q(person__username__icontains=search) | Q(person__display_name__icontains=search))
    return qs.order_by("role", "college__code", "person__username")


def open_findings_by_college(person: Person, *, campaign: Campaign | None) -> dict[int, int]:
    """R2.10: findings nobody has fixed or marked as checked, per college, for the college and overview pages."""
    qs = Finding.objects.filter(student__in=scoping.students_for(person), checked_at__isnull=True)
    if campaign is not None:
        qs = qs.filter(student__campaign=campaign)
    rows = qs.order_by().values("student__college_id").annotate(n=Count("pk"))
    return {r["student__college_id"]: r["n"] for r in rows}


def college_handlers(college_id: int) -> list[Person]:
    """Whom a student of the college asks: its handlers (学院经办人), by name. Public to the college's students
    as the notice's contact lists are."""
    return list(Person.objects.filter(grants__role=Role.HANDLER, grants__college_id=college_id)
                .order_by("display_name", "username").distinct())
