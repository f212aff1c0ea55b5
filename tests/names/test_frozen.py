"""R2.9: while a college's 附件6 sheet is submitted, its pinyin and confirmations cannot change; the Graduate
School's return opens them again."""

from __future__ import annotations

import datetime as dt

import pytest

from biye.core import submissions
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Submission
from biye.names import actions
from biye.names.models import NameRecord
from tests.conftest import at

FROZEN = "该学院的信息核对表已报送，需研究生院退回后才能修改"


def _submit_sheet(people, when):
    return submissions.submit(campaign=people.campaign, college=people.college_a, kind=Submission.Kind.VERIFICATION,
                              by=people.handler_a, version=None, now=when)


def test_R2_9_students_cannot_file_while_the_sheet_is_submitted(people):
    _submit_sheet(people, at(2020, 6, 10, 9))
    student = people.student_a1
    with pytest.raises(ActionRefused, match=FROZEN):
        actions.file_pinyin(student=student, by=student.person, spelling="Zeng Guofan", version=None,
                            now=at(2020, 6, 10, 10))
    assert not NameRecord.objects.exists()
    b = people.student_b1
    actions.file_pinyin(student=b, by=b.person, spelling="Shan Tianfang", version=None, now=at(2020, 6, 10, 10))


def test_R2_9_college_fill_and_confirmations_are_frozen_then_open_after_a_return(people):
    student = people.student_a1
    actions.file_pinyin(student=student, by=student.person, spelling="Zeng Guofan", version=None, now=at(2020, 6, 10))
    sheet = _submit_sheet(people, at(2020, 6, 15, 9))
    events = AuditEvent.objects.count()
    when = at(2020, 6, 15, 10)
    with pytest.raises(ActionRefused, match=FROZEN):
        actions.fill_pinyin(student=people.student_a2, by=people.handler_a, spelling="Ouyang Xiu", version=None, now=when)
    with pytest.raises(ActionRefused, match=FROZEN):
        actions.fill_blanks_with_proposal(campaign=people.campaign, college=people.college_a, by=people.handler_a, now=when)
    with pytest.raises(ActionRefused, match=FROZEN):
        actions.confirm_pinyin(student=student, by=student.person, version=None, now=when)
    with pytest.raises(ActionRefused, match=FROZEN):
        actions.record_paper_confirmation(student=student, by=people.handler_a, signed_on=dt.date(2020, 6, 14),
                                          version=None, now=when)
    record = NameRecord.objects.get(student=student)
    assert (record.spelling, record.confirmed_at, record.version) == ("Zeng Guofan", None, 1)
    assert NameRecord.objects.count() == 1 and AuditEvent.objects.count() == events

    submissions.return_with_reason(submission=sheet, by=people.gs, reason="请组织学生确认拼音", version=sheet.version,
                                   now=at(2020, 6, 15, 11))
    actions.confirm_pinyin(student=student, by=student.person, version=None, now=at(2020, 6, 15, 12))
    assert NameRecord.objects.get(student=student).confirmed_at == at(2020, 6, 15, 12)


def test_R2_9_the_frozen_message_reaches_the_page(client, people, clock):
    student = people.student_a1
    actions.file_pinyin(student=student, by=student.person, spelling="Zeng Guofan", version=None, now=at(2020, 6, 10))
    _submit_sheet(people, at(2020, 6, 15, 9))
    clock(2020, 6, 15, 10)
    client.force_login(student.person)
    record = NameRecord.objects.get(student=student)
    response = client.post("/names/me/", {"op": "confirm", "version": str(record.version)}, follow=True)
    assert FROZEN in response.content.decode()
    assert NameRecord.objects.get(student=student).confirmed_at is None
