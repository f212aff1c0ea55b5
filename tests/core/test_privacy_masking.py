"""R5.3, issue 16: ID numbers are masked on every staff page until a staff member in scope reveals one, and each
reveal is audited. The crawl walks every URL of the project (tests/core/test_scoping_walk.py's enumeration) as
every staff role, with objects inside that role's scope."""

from __future__ import annotations

import re

import pytest

from biye.core import audit, findings
from biye.core.models import AuditEvent, Finding, Role, Student
from biye.core.privacy import mask_id, mask_ids_in
from tests.conftest import make_person, make_student
from tests.core.test_scoping_walk import ARGUMENTS, PUBLIC, URL_ARGUMENTS, _application_for, _study_for, walk

OLD_ID = "110101199001010078"  # what student_a1's record said before a correction: only in an audit event


def test_R5_3_mask_keeps_the_first_six_and_last_four():
    assert mask_id("11010519900307123X") == "110105********123X"
    assert mask_id("110105900307123") == "110105*****7123"  # the old 15-digit number
    assert mask_id("E12345678") == "E1*****78"  # a passport: 2 and 2
    assert mask_id("H123456") == "******6"
    assert mask_id("A12") == "***"
    assert mask_id("") == ""
    assert mask_ids_in("证件号码 11010519900307123X 不在名单中；学号 3120000001") == \
        "证件号码 110105********123X 不在名单中；学号 3120000001"


@pytest.fixture
def insiders(people):
    """Each staff role with a student and a college inside its scope, and ID numbers on the pages' way: a
    correction of student_a1's number in the audit trail, and a duplicate-number finding."""
    audit.record(people.gs, "roster.update", people.student_a1, before={"id_number": OLD_ID},
                 after={"id_number": people.student_a1.id_number})
    make_student(people.campaign, people.college_a, people.discipline, name="重号生", login=False,
                 id_number=people.student_a1.id_number)
    make_student(people.campaign, people.college_a, people.discipline, name="错号生", login=False,
                 id_number="110101199503070011")  # a wrong check digit: the finding names the number
    findings.refresh(campaign=people.campaign)
    assert Finding.objects.filter(student=people.student_a1, code=Finding.Code.DUPLICATE_ID).exists()
    assert Finding.objects.filter(code=Finding.Code.ID_CHECKSUM).exists()
    double = make_person("double", (Role.HANDLER, people.college_a), (Role.ADVISOR, None))
    a1, a2 = people.student_a1, people.student_a2
    return {
        "gs": (people.gs, a1, people.college_a),
        "handler": (people.handler_a, a1, people.college_a),
        "dean": (people.dean_a, a1, people.college_a),
        "advisor": (people.advisor, a1, people.college_a),
        "archives": (people.archives, a2, people.college_a),
        "vendor": (people.vendor, a1, people.college_a),
        "handler+advisor": (double, a1, people.college_a),
    }


def _inclusion_pk(student) -> int:
    from django.utils import timezone

    from biye.core.models import Person
    from biye.photos.models import InclusionRequest

    found = InclusionRequest.objects.filter(student=student).first() or InclusionRequest.objects.create(
        student=student, reason="走查", requested_by=Person.objects.get(username="handler_a"),
        requested_at=timezone.now())
    return found.pk


IN_SCOPE = {
    "pk": lambda student, college: student.pk,
    "student_id": lambda student, college: student.pk,
    "code": lambda student, college: college.code,
    "college_code": lambda student, college: college.code,
    "token": lambda student, college: "0" * 32,
    "which": lambda student, college: "a",
    "kind": lambda student, college: "verification",
    "discipline_id": lambda student, college: student.discipline_id,
    "task": lambda student, college: "photo",
}
IN_SCOPE_BY_URL = {
    "photos:decide_inclusion": {"pk": lambda student, college: _inclusion_pk(student)},
    "records:correction": {"pk": lambda student, college: _correction(student).pk},
    "conclusions:application_act": {"pk": lambda student, college: _application_for(student).pk},
    "records:evidence": {"token": lambda student, college: _correction(student).evidence.get().token},
    # An issued study certificate (with a numbered diploma) of the student, and its public check by its code.
    "diplomas:study_pdf": {"pk": lambda student, college: _study_for(student).pk},
    "verify": {"token": lambda student, college: _study_for(student).code},
}


def _correction(student):
    """An approved application that changed the student's ID number from OLD_ID (nobody decides it any more,
    so every staff member reads it masked), with one evidence file."""
    from django.utils import timezone

    from biye.records.models import Correction, Evidence

    found = Correction.objects.filter(student=student).first()
    if found is None:
        found = Correction.objects.create(
            student=student, before={"id_number": OLD_ID}, after={"id_number": student.id_number}, reason="走查",
            status=Correction.Status.APPROVED, submitted_by=student.person or student.advisor,
            submitted_at=timezone.now())
        Evidence.objects.create(correction=found, original_name="walk.pdf", kind="pdf", size=1, sha256="0" * 64,
                                stored_as="evidence/none", uploaded_at=timezone.now())
    return found


def _full_ids() -> list[str]:
    return [*Student.objects.values_list("id_number", flat=True), OLD_ID]


def test_R5_3_no_staff_page_shows_a_full_id_number_until_revealed(insiders, client):
    routes = list(walk())
    assert set(IN_SCOPE) >= set(ARGUMENTS), "an argument the scoping walk knows is missing here"
    assert {n: set(a) for n, a in IN_SCOPE_BY_URL.items() if n in URL_ARGUMENTS} == \
        {n: set(a) for n, a in URL_ARGUMENTS.items()}, "a URL the scoping walk fills specially is missing here"
    full_ids = _full_ids()
    failures, pages_with_a_record = [], set()
    for role, (person, student, college) in insiders.items():
        client.force_login(person)
        for name, route, args in routes:
            if name in PUBLIC or name == "reveal_id_number":
                continue
            path = "/" + route
            for arg in args:
                fill = IN_SCOPE_BY_URL.get(name, {}).get(arg) or IN_SCOPE[arg]
                assert arg in IN_SCOPE or arg in IN_SCOPE_BY_URL.get(name, {}), arg
                path = re.sub(rf"<(?:\w+:)?{arg}>", str(fill(student, college)), path)
            for method in ("get", "post"):
                resp = getattr(client, method)(path)
                if resp.status_code != 200 or "text/html" not in resp.get("Content-Type", ""):
                    continue
                body = resp.content.decode()
                if student.name in body and "id-number" in body:
                    pages_with_a_record.add(role)
                shown = [n for n in full_ids if n in body]
                if shown:
                    failures.append(f"{role} {method.upper()} {path} ({name}) shows {shown}")
    assert not failures, "\n".join(failures)
    # The crawl did reach the record page, with its masked number, for every role that may open records.
    assert pages_with_a_record == set(insiders) - {"vendor"}
    assert not AuditEvent.objects.filter(action="core.reveal_id_number").exists()


def test_R5_3_a_staff_member_reveals_the_number_with_a_click_and_it_is_audited(insiders, people, client):
    student = people.student_a1
    client.force_login(people.handler_a)
    page = client.get(f"/students/{student.pk}/").content.decode()
    assert mask_id(student.id_number) in page and student.id_number not in page
    assert f'action="/students/{student.pk}/reveal-id/"' in page and "csrfmiddlewaretoken" in page

    revealed = client.post(f"/students/{student.pk}/reveal-id/")
    assert revealed.status_code == 200 and student.id_number in revealed.content.decode()
    event = AuditEvent.objects.get(action="core.reveal_id_number")
    assert (event.actor, event.student, event.college) == (people.handler_a, student, people.college_a)
    # On that answer only: the next visit shows it masked again, and the old value in the history stays masked.
    again = client.get(f"/students/{student.pk}/").content.decode()
    assert student.id_number not in again and OLD_ID not in again and mask_id(OLD_ID) in again
    back = client.get(f"/students/{student.pk}/reveal-id/")  # the address bar after a reveal: the masked record
    assert back.status_code == 302 and back["Location"] == f"/students/{student.pk}/"
    assert AuditEvent.objects.filter(action="core.reveal_id_number").count() == 1


def test_R5_3_reveal_outside_scope_is_refused_and_writes_nothing(insiders, people, client):
    client.force_login(people.handler_b)
    resp = client.post(f"/students/{people.student_a1.pk}/reveal-id/")
    assert resp.status_code == 404 and people.student_a1.id_number not in resp.content.decode()
    client.force_login(people.vendor)
    assert client.post(f"/students/{people.student_a1.pk}/reveal-id/").status_code == 404
    assert not AuditEvent.objects.filter(action="core.reveal_id_number").exists()


def test_R5_3_the_student_sees_their_own_number_in_full(people, client):
    student = people.student_a1
    client.force_login(student.person)
    page = client.get("/me/record/").content.decode()
    assert student.id_number in page and "reveal-id" not in page


def test_R5_3_searching_by_a_full_id_number_still_finds_the_student(people, client):
    student = people.student_a2
    client.force_login(people.handler_a)
    resp = client.get("/college/07/", {"q": student.id_number})
    rows = list(resp.context["page"].object_list)
    assert resp.status_code == 200 and rows == [student]
    # Only what the person typed comes back (the search box); the table of results does not show it.
    html = resp.content.decode()
    table = html[html.index('<table class="students">'):html.rindex("</table>")]
    table = table[table.index("<tbody>"):]  # the sort links of the header keep the search, as typed
    assert student.number in table and student.id_number not in table


def test_R5_3_a_purged_number_reads_deleted(people, client):
    Student.objects.filter(pk=people.student_a1.pk).update(id_number="", birth_date=None)
    client.force_login(people.gs)
    page = client.get(f"/students/{people.student_a1.pk}/").content.decode()
    assert page.count("（已删除）") == 2 and "reveal-id" not in page


def test_R5_3_the_reviewer_deciding_an_application_sees_the_requested_number_others_masked(people, client):
    from django.utils import timezone

    from biye.records.models import Correction

    student, wanted = people.student_a1, "110101199001010019"
    c = Correction.objects.create(student=student, before={"id_number": student.id_number},
                                  after={"id_number": wanted}, reason="证件更换", submitted_by=student.person,
                                  submitted_at=timezone.now())
    client.force_login(people.handler_a)  # decides it now (the college's step)
    html = client.get(f"/records/corrections/{c.pk}/").content.decode()
    assert wanted in html and student.id_number in html
    client.force_login(people.dean_a)  # may read it, does not decide it
    html = client.get(f"/records/corrections/{c.pk}/").content.decode()
    assert wanted not in html and mask_id(wanted) in html and student.id_number not in html
    client.force_login(student.person)
    assert wanted in client.get(f"/records/corrections/{c.pk}/").content.decode()
