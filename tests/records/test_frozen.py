"""R2.9 meets R2.7, R2.4: while a college's 附件6 sheet is submitted, its students' checks and corrections and its
English-name proposals refuse changes until the sheet is returned; the Graduate School still decides the
applications that came with it."""

from __future__ import annotations

import datetime as dt

import pytest

from biye.core.errors import ActionRefused
from biye.core.models import Submission
from biye.records import actions
from biye.records.models import Correction, RecordCheck
from tests.records.conftest import PDF


def submit_sheet(people, state=Submission.State.SUBMITTED):
    return Submission.objects.create(campaign=people.campaign, college=people.college_a,
                                     kind=Submission.Kind.VERIFICATION, state=state, version=1)


def test_R2_9_a_submitted_sheet_freezes_the_colleges_checks_and_corrections(client, people, clock, media):
    student = people.student_a1
    pending = actions.apply_for_correction(student=people.student_a2, by=people.student_a2.person,
                                           changes={"ethnicity": "回族"}, reason="x", files=[actions.Upload("a.pdf", PDF)])
    sheet = submit_sheet(people)
    frozen = "信息核对表已报送，需研究生院退回后才能修改"
    with pytest.raises(ActionRefused, match=frozen):
        actions.confirm_record(student=student, by=student.person)
    with pytest.raises(ActionRefused, match=frozen):
        actions.record_paper_checks(college=people.college_a, students=[student], signed_on=dt.date(2020, 6, 14),
                                    by=people.handler_a)
    with pytest.raises(ActionRefused, match=frozen):
        actions.apply_for_correction(student=student, by=student.person, changes={"ethnicity": "回族"}, reason="x",
                                     files=[actions.Upload("a.pdf", PDF)])
    with pytest.raises(ActionRefused, match=frozen):
        actions.college_decide(correction=pending, by=people.handler_a, approve=True, note="", version=1)
    with pytest.raises(ActionRefused, match=frozen):
        actions.propose_english_name(discipline=people.discipline, college=people.college_a, by=people.handler_a,
                                     proposed_name="Computing", explanation="x")
    client.force_login(student.person)
    assert frozen in client.post("/records/me/", {"op": "confirm"}, follow=True).content.decode()
    assert not RecordCheck.objects.exists() and Correction.objects.count() == 1
    # Another college's sheet is not this one.
    actions.confirm_record(student=people.student_b1, by=people.student_b1.person)
    # Returned, the sheet can change again.
    sheet.state = Submission.State.RETURNED
    sheet.save()
    actions.confirm_record(student=student, by=student.person)
    assert RecordCheck.objects.filter(student=student).exists()


def test_R2_9_the_graduate_school_decides_applications_that_came_with_a_submitted_sheet(people, clock, media):
    student = people.student_a1
    correction = actions.apply_for_correction(student=student, by=student.person, changes={"ethnicity": "回族"},
                                              reason="x", files=[actions.Upload("a.pdf", PDF)])
    actions.college_decide(correction=correction, by=people.handler_a, approve=True, note="", version=1)
    submit_sheet(people, Submission.State.SIGNED)
    actions.gs_decide(correction=correction, by=people.gs, approve=True, note="", version=2)
    student.refresh_from_db()
    assert student.ethnicity == "回族"


def test_R2_9_the_sheet_cannot_be_submitted_while_an_application_awaits_the_college(people, clock, media):
    from biye.core import submissions

    correction = actions.apply_for_correction(student=people.student_a1, by=people.student_a1.person,
                                              changes={"ethnicity": "回族"}, reason="x", files=[actions.Upload("a.pdf", PDF)])
    with pytest.raises(ActionRefused, match="还有 1 份学籍更正申请待学院审核"):
        submissions.submit(campaign=people.campaign, college=people.college_a, kind=Submission.Kind.VERIFICATION,
                           by=people.handler_a, version=None)
    # Another college's pending application does not hold college A back, and a decided one does not either.
    actions.college_decide(correction=correction, by=people.handler_a, approve=True, note="", version=1)
    sheet = submissions.submit(campaign=people.campaign, college=people.college_a, kind=Submission.Kind.VERIFICATION,
                               by=people.handler_a, version=None)
    assert sheet.state == Submission.State.SUBMITTED
