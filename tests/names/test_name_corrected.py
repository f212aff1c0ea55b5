"""R2.7 meets R2.5: when an approved correction changes a student's 姓名 (core signal student_corrected), the
names section proposes the spelling of the new name, and the student must confirm it again."""

from __future__ import annotations

from biye.core.models import AuditEvent, Student
from biye.core.signals import student_corrected
from biye.names import actions
from biye.names.models import NameRecord
from tests.conftest import at, make_student


def corrected(student, name, fields=("name",)):
    Student.objects.filter(pk=student.pk).update(name=name)
    student.refresh_from_db()
    student_corrected.send(sender=None, student=student, fields=list(fields), before={}, after={}, by=None,
                           at=at(2020, 6, 16, 9))
    return student


def test_R2_7_a_corrected_name_gets_the_new_spelling_and_loses_the_confirmation(people, clock):
    student = people.student_a2  # 欧阳修
    record = actions.file_pinyin(student=student, by=student.person, spelling="Ouyang Xiu", version=None,
                                 now=at(2020, 6, 10, 9))
    actions.confirm_pinyin(student=student, by=student.person, version=record.version, now=at(2020, 6, 14, 9))
    corrected(student, "欧阳秀")
    record.refresh_from_db()
    assert record.spelling == "Ouyang Xiu"  # the same letters, a different name
    assert record.confirmed_at is None and record.changed_after_confirmation and record.source == "college"
    event = AuditEvent.objects.get(action="names.repropose")
    assert "欧阳秀" in event.note and event.before["confirmed_at"] is not None


def test_R2_7_a_student_who_never_filed_gets_a_proposal_to_confirm(people, clock):
    student = corrected(people.student_a1, "曾国华")
    record = NameRecord.objects.get(student=student)
    assert (record.spelling, record.confirmed_at, record.changed_after_confirmation) == ("Zeng Guohua", None, False)


def test_R2_7_other_corrected_fields_and_single_certificate_students_leave_the_pinyin_alone(people, clock):
    corrected(people.student_a1, "曾国藩", fields=("ethnicity",))
    single = make_student(people.campaign, people.college_a, people.discipline, certificate_type="单证",
                          id_number="110101199503070093")
    corrected(single, "李四")
    assert not NameRecord.objects.exists()
