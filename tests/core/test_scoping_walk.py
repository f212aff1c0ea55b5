"""Issue 2 §3: walk every URL this project has, as every role, against an object outside that role's scope:
403 or 404, and no data. A URL whose argument this walk does not know fails the walk until it joins."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from biye.core.models import AuditEvent, Campaign, College, Role, Student
from tests.conftest import make_person, make_student

# URLs that are the same for everyone and hold no campaign data.
PUBLIC = {"login", "logout", "set_language", "cas_ng_login", "campus_logout", "privacy", "healthz"}


def walk(resolver=None, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, list[str]]]:
    """(url name, route pattern, argument names) for every named pattern."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            route = prefix + str(p.pattern)
            yield f"{namespace}{p.name}", route, list(p.pattern.converters) or re.findall(r"<(?:\w+:)?(\w+)>", route)


class Outsider:
    """For one role: a person, and objects of each kind that lie outside what that person may see."""

    def __init__(self, person, student: Student, college: College):
        self.person, self.student, self.college = person, student, college


@pytest.fixture
def world(people, discipline):
    """Each role with something it must not see. The outside students carry a marker that must never show."""
    other_campaign = Campaign.objects.create(year=2019, label="2019届", photo_cutoff_year=2017)
    stranger = make_student(people.campaign, people.college_b, discipline, name="区外生", number="9999000001",
                            id_number="110101199001010019")
    old = make_student(other_campaign, people.college_b, discipline, name="往届生", number="9999000002",
                       training_type="非定向", id_number="110101199001010027")
    nondirected_b = stranger  # non-directed, college B, not an advisee of anybody
    double = make_person("double", (Role.HANDLER, people.college_a), (Role.ADVISOR, None))
    return {
        "handler": Outsider(people.handler_a, stranger, people.college_b),
        "dean": Outsider(people.dean_a, stranger, people.college_b),
        "student": Outsider(people.student_a1.person, people.student_a2, people.college_a),
        "advisor": Outsider(people.advisor, nondirected_b, people.college_b),
        "vendor": Outsider(people.vendor, old, people.college_b),
        "archives": Outsider(people.archives, nondirected_b, people.college_b),
        "handler+advisor": Outsider(double, stranger, people.college_b),
    }


# How to fill each URL argument with an object outside the person's scope. An "object" argument must
# bring 403/404; a "choice" argument (which list, say) picks a page that must simply show no outside data.
OBJECT, CHOICE = "object", "choice"
ARGUMENTS: dict[str, tuple[Callable[[Outsider], object], str]] = {
    "pk": (lambda o: o.student.pk, OBJECT),
    "student_id": (lambda o: o.student.pk, OBJECT),
    "code": (lambda o: o.college.code, OBJECT),
    "college_code": (lambda o: o.college.code, OBJECT),
    "token": (lambda o: "0" * 32, OBJECT),  # an upload that is not this person's
    "which": (lambda o: "a", CHOICE),
    "kind": (lambda o: "verification", CHOICE),  # which form of a college's submissions (the college decides scope)
    # The 附件5 table is the school's public catalogue: any member of staff may read a row (students get 403).
    "discipline_id": (lambda o: o.student.discipline_id, CHOICE),
    "task": (lambda o: "photo", CHOICE),  # a checklist task's key (reminders: a college's students not done)
}
# Where an argument names another kind of object than the default above.
URL_ARGUMENTS: dict[str, dict[str, Callable[[Outsider], object]]] = {
    "photos:decide_inclusion": {"pk": lambda o: _inclusion_for(o.student).pk},
    "records:correction": {"pk": lambda o: _correction_for(o.student).pk},
    "records:evidence": {"token": lambda o: _correction_for(o.student).evidence.get().token},
    "diplomas:study_pdf": {"pk": lambda o: _study_for(o.student).pk},
    # The public check of a study certificate: an unknown code is a 404 for everyone (its three facts for a known
    # one are tested in tests/diplomas/test_study.py).
    "verify": {"token": lambda o: "0" * 22},
    "conclusions:application_act": {"pk": lambda o: _application_for(o.student).pk},  # 结业/肄业 (R3.3, R3.4)
}


def _study_for(student: Student):
    """An issued study certificate of the outside student, and a numbered diploma, so that every diplomas page
    has the outsider's rows to leak if its scoping were wrong."""
    from django.utils import timezone

    from biye.core.models import Person
    from biye.diplomas.models import Certificate, StudyCertificate

    found = StudyCertificate.objects.filter(student=student).first()
    if found is None:
        import datetime as dt

        gs = Person.objects.get(username="gs")
        day = dt.date(2016, 9, 1)
        found = StudyCertificate.objects.create(
            campaign=student.campaign, college=student.college, student=student, number=student.number, name=student.name,
            gender=student.gender, id_number=student.id_number, master_number=student.number, master_discipline="走查",
            master_from=day, master_to=day, to_phd_on=day, finished_on=day, registered_at=timezone.now(),
            registered_by=gs, issued_at=timezone.now(), issued_by=gs, code=f"walk{student.pk:018d}")
        # On the dossier route, sent: the archives' list would show it if their scoping let it through.
        Certificate.objects.create(student=student, kind="diploma", conclusion="毕业", number=f"9{student.pk:017d}",
                                   route="dossier", dossier_sent_at=timezone.now())
    return found


def _correction_for(student: Student):
    """An application of the outside student, with one evidence file (records)."""
    from django.utils import timezone

    from biye.records.models import Correction, Evidence

    found = Correction.objects.filter(student=student).first()
    if found is None:
        found = Correction.objects.create(student=student, before={"name": student.name}, after={"name": "走查"},
                                          reason="走查", submitted_by=student.person, submitted_at=timezone.now())
        Evidence.objects.create(correction=found, original_name="walk.pdf", kind="pdf", size=1, sha256="0" * 64,
                                stored_as="evidence/none", uploaded_at=timezone.now())
    return found


def _inclusion_for(student: Student):
    from biye.photos.models import InclusionRequest

    found = InclusionRequest.objects.filter(student=student).first()
    if found is None:
        from django.utils import timezone

        from biye.core.models import Person

        found = InclusionRequest.objects.create(
            student=student, reason="走查", requested_by=Person.objects.get(username="handler_b"), requested_at=timezone.now()
        )
    return found


MARKERS = ("区外生", "9999000001", "往届生", "9999000002")


# Issue 8: list pages answer ?format=xlsx (their Excel export) and ?format=print (every row, for paper) with the
# page's own scope; the walk asks for both on every GET page and reads the Excel files back.
FORMATS = ("xlsx", "print")


def _readable(resp) -> str:
    """What a response shows: its HTML, or the cells of an .xlsx it hands out."""
    if resp.status_code != 200:
        return ""
    if "spreadsheetml" in resp.get("Content-Type", ""):
        import io

        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_filelike(io.BytesIO(resp.content))
        return "\n".join(str(cell) for name in book.sheet_names
                         for row in book.get_sheet_by_name(name).to_python() for cell in row)
    return resp.content.decode(errors="replace")


def _visible_markers(body: str, outsider: Outsider) -> list[str]:
    markers = [outsider.student.name, outsider.student.number, outsider.student.id_number]
    return [m for m in markers if m and m in body]


def _application_for(student: Student):
    """A 结业 application of the outside student (conclusions)."""
    from django.utils import timezone

    from biye.conclusions.models import Application

    found = Application.objects.filter(student=student).first()
    return found or Application.objects.create(student=student, kind="结业", reason="走查", applied_at=timezone.now())


# What an "object" argument names, so the walk can prove it asked for a real object (a 404 for a missing one
# would prove nothing about scoping).
def _exists(name: str, arg: str, value: object) -> bool:
    from biye.photos.models import InclusionRequest

    if name == "photos:decide_inclusion" and arg == "pk":
        return InclusionRequest.objects.filter(pk=value).exists()
    if name == "records:correction" and arg == "pk":
        from biye.records.models import Correction

        return Correction.objects.filter(pk=value).exists()
    if name == "conclusions:application_act" and arg == "pk":
        from biye.conclusions.models import Application

        return Application.objects.filter(pk=value).exists()
    if name == "records:evidence" and arg == "token":
        from biye.records.models import Evidence

        return Evidence.objects.filter(token=value).exists()
    if name == "diplomas:study_pdf" and arg == "pk":
        from biye.diplomas.models import StudyCertificate

        return StudyCertificate.objects.filter(pk=value, issued_at__isnull=False).exists()
    if name == "verify":
        return True  # a code names nothing until issued: any code but a real one is unknown
    if arg in ("pk", "student_id"):
        return Student.objects.filter(pk=value).exists()
    if arg in ("code", "college_code"):
        return College.objects.filter(code=value).exists()
    return arg == "token"  # an upload token names no row: any token but the person's own is foreign


def test_scoping_walk_the_outsiders_are_outside(world):
    """The walk's premise, compared like with like: each role's outside student is another person's record
    (Person with Person), in no scope of that role (Student with Student)."""
    from biye.core import scoping

    for role, outsider in world.items():
        assert outsider.student.person_id != outsider.person.pk, role
        assert not scoping.students_for(outsider.person).filter(pk=outsider.student.pk).exists(), role


def test_scoping_walk_covers_every_url_and_role(world, client):
    routes = list(walk())
    assert len(routes) >= 8
    unknown = sorted({f"{name}:{arg}" for name, _, args in routes for arg in args
                      if arg not in ARGUMENTS and arg not in URL_ARGUMENTS.get(name, {})})
    assert not unknown, f"URL arguments the scoping walk cannot fill yet: {unknown}; add them to ARGUMENTS"
    for outsider in world.values():
        _study_for(outsider.student)  # before any page is fetched, so every diplomas list has outside rows
    failures = []
    fetched: set[tuple[str, str, str]] = set()  # (role, url name, method) asked for with the foreign objects
    for role, outsider in world.items():
        client.force_login(outsider.person)
        for name, route, args in routes:
            if name in PUBLIC:
                continue
            path = "/" + route
            for arg in args:
                factory = URL_ARGUMENTS.get(name, {}).get(arg) or ARGUMENTS[arg][0]
                value = factory(outsider)
                if arg in URL_ARGUMENTS.get(name, {}) or ARGUMENTS[arg][1] == OBJECT:
                    assert _exists(name, arg, value), f"{role} {name}: {arg}={value} names nothing"
                path = re.sub(rf"<(?:\w+:)?{arg}>", str(value), path)
            path = path.replace("^", "").replace("$", "")
            assert "<" not in path, f"{name}: an argument was left unfilled in {path}"
            names_object = any(arg in URL_ARGUMENTS.get(name, {}) or ARGUMENTS[arg][1] == OBJECT for arg in args)
            # A download within scope writes its "core.download" event (issue 16): accounting, not a change.
            events = AuditEvent.objects.exclude(action="core.download").count()
            for method in ("get", "post", *(f"get?format={f}" for f in FORMATS)):
                verb, _sep, query = method.partition("?")
                resp = getattr(client, verb)(path + (f"?{query}" if query else ""))
                assert resp.wsgi_request.path == path, (role, name, resp.wsgi_request.path)
                fetched.add((role, name, method))
                body = _readable(resp)
                if names_object and resp.status_code not in (403, 404, 405, 429):  # 429: the public verify page slowing guesses
                    failures.append(f"{role} {method.upper()} {path} ({name}) -> {resp.status_code}")
                elif resp.status_code == 200 and (seen := _visible_markers(body, outsider)):
                    failures.append(f"{role} {method.upper()} {path} ({name}) shows {seen}")
                elif resp.status_code >= 500:
                    failures.append(f"{role} {method.upper()} {path} ({name}) -> {resp.status_code}")
            if AuditEvent.objects.exclude(action="core.download").count() != events:
                failures.append(f"{role} {path} ({name}) changed something")
    assert not failures, "\n".join(failures)
    # Every role asked for every page (a walk that skips one, whatever the reason, fails here).
    wanted = {(role, name, method) for role in world for name, _route, _args in routes if name not in PUBLIC
              for method in ("get", "post", *(f"get?format={f}" for f in FORMATS))}
    assert fetched == wanted, sorted(wanted - fetched)


def test_scoping_walk_the_graduate_school_sees_everything(world, people, client):
    """The walk's other side: the outside objects exist and are visible where they should be."""
    client.force_login(people.gs)
    stranger = world["handler"].student
    resp = client.get(f"/students/{stranger.pk}/")
    assert resp.status_code == 200 and stranger.name in resp.content.decode()
    client.force_login(people.handler_b)
    assert stranger.name in client.get(f"/students/{stranger.pk}/").content.decode()
    # the walk reads exports: the college's own Excel and print view do show the student
    for kind in FORMATS:
        assert stranger.number in _readable(client.get(f"/college/{people.college_b.code}/?format={kind}")), kind


def test_scoping_anonymous_is_sent_to_login_everywhere(world, client):
    for name, route, args in walk():
        if name in PUBLIC:
            continue
        path = "/" + route
        for arg in args:
            path = re.sub(rf"<(?:\w+:)?{arg}>", "1", path)
        resp = client.get(path)
        assert resp.status_code in (302, 403, 404, 405), (path, resp.status_code)
        if resp.status_code == 302:
            assert "/login/" in resp["Location"], path


def test_scoping_the_photo_vendor_sees_photo_status_but_no_student_record(people, client):
    """The vendor is an outside company: it may see who has been photographed, not ID numbers or histories."""
    from biye.core import scoping

    client.force_login(people.vendor)
    student = people.student_a1
    assert client.get(f"/students/{student.pk}/").status_code == 404
    assert not scoping.students_for(people.vendor).exists()
    assert scoping.photo_subjects_for(people.vendor).filter(pk=student.pk).exists()
