"""R5.2 as updated: a college is late when the college misses its own work (a form not submitted, or submitted
late, or returned; the pinyin not confirmed by the 附件6 deadline), with the date and the reason; a student
missing their own deadline does not make the college late."""

from __future__ import annotations

from biye.core import lateness, submissions
from biye.core.models import Submission
from biye.names.models import NameRecord
from tests.conftest import at

VERIFICATION = Submission.Kind.VERIFICATION


def _confirm_all(people, *students):
    for student in students:
        NameRecord.objects.create(student=student, spelling="Zeng Guofan", source="student",
                                  confirmed_at=at(2020, 6, 11), method="online", version=2)


def _by_code(result):
    return {lc.college.code: lc for lc in result}


def _submit(people, college, handler, when):
    return submissions.submit(campaign=people.campaign, college=college, kind=VERIFICATION, by=handler,
                              version=None, now=when)


def test_R5_2_nobody_is_late_before_the_deadlines(people):
    assert lateness.late_colleges(people.campaign, now=at(2020, 6, 18, 23, 59)) == []


def test_R5_2_a_college_that_has_not_submitted_its_sheet_by_the_deadline_is_late_from_the_deadline(people):
    _confirm_all(people, people.student_a1, people.student_a2, people.student_b1)
    _submit(people, people.college_b, people.handler_b, at(2020, 6, 18, 20))
    late = _by_code(lateness.late_colleges(people.campaign, now=at(2020, 6, 20, 9)))
    assert set(late) == {"07"}
    (reason,) = late["07"].reasons
    assert reason.what == "信息核对表（附件6）" and reason.since == at(2020, 6, 19)
    assert reason.reason == "截止 2020-06-18 24:00 未报送" and reason.lasting
    assert late["07"].since == at(2020, 6, 19) and late["07"].delayed


def test_R5_2_a_late_submission_stays_late_and_the_delay_ends_when_accepted(people):
    _confirm_all(people, people.student_a1, people.student_a2, people.student_b1)
    _submit(people, people.college_b, people.handler_b, at(2020, 6, 18, 20))
    s = _submit(people, people.college_a, people.handler_a, at(2020, 6, 19, 10, 30))
    (reason,) = _by_code(lateness.late_colleges(people.campaign, now=at(2020, 6, 20)))["07"].reasons
    assert reason.since == at(2020, 6, 19) and "逾期报送（截止 2020-06-18 24:00，2020-06-19 10:30 报送）" == reason.reason
    s = submissions.sign_off(submission=s, by=people.dean_a, version=s.version, now=at(2020, 6, 19, 11))
    submissions.accept(submission=s, by=people.gs, version=s.version, now=at(2020, 6, 20, 8))
    late = _by_code(lateness.late_colleges(people.campaign, now=at(2020, 6, 21)))
    assert late["07"].reasons[0].until == at(2020, 6, 20, 8) and not late["07"].delayed
    assert lateness.delayed_college_ids(people.campaign, now=at(2020, 6, 21)) == set()


def test_R5_2_a_returned_submission_makes_the_college_late_from_the_return(people):
    _confirm_all(people, people.student_a1, people.student_a2, people.student_b1)
    s = _submit(people, people.college_a, people.handler_a, at(2020, 6, 16, 9))
    submissions.return_with_reason(submission=s, by=people.gs, reason="英文名称有误", version=s.version,
                                   now=at(2020, 6, 17, 9))
    late = _by_code(lateness.late_colleges(people.campaign, now=at(2020, 6, 17, 10)))
    assert set(late) == {"07"}
    (reason,) = late["07"].reasons
    assert reason.since == at(2020, 6, 17, 9) and reason.reason == "被研究生院退回：英文名称有误"
    assert lateness.delayed_college_ids(people.campaign, now=at(2020, 6, 17, 10)) == {people.college_a.pk}


def test_R5_2_a_student_missing_their_own_filing_deadline_does_not_make_the_college_late(people):
    # Nobody filed by 06-12 (the students' own deadline); on 06-15 no college is late for it.
    assert lateness.late_colleges(people.campaign, now=at(2020, 6, 15)) == []


def test_R5_2_pinyin_not_confirmed_by_the_verification_deadline_makes_the_college_late(people):
    _confirm_all(people, people.student_a1, people.student_b1)  # student_a2 never confirmed
    _submit(people, people.college_a, people.handler_a, at(2020, 6, 18, 9))
    _submit(people, people.college_b, people.handler_b, at(2020, 6, 18, 9))
    late = _by_code(lateness.late_colleges(people.campaign, now=at(2020, 6, 19, 1)))
    assert set(late) == {"07"}
    (reason,) = late["07"].reasons
    assert reason.what == "确认证书英文姓名" and reason.since == at(2020, 6, 19)
    assert reason.reason == "截止 2020-06-18 24:00 时仍有 1 人未完成" and reason.ends == "全部完成后解除"
    # Done late, the work no longer holds the college back (no form to accept ends this one).
    _confirm_all(people, people.student_a2)
    assert lateness.late_colleges(people.campaign, now=at(2020, 6, 20)) == []


def test_R5_2_forms_a_college_does_not_owe_never_make_it_late(people, monkeypatch):
    """附件9 and the 结业 certificates concern only colleges with such students: a section says which."""
    # Not this test's subject: the conclusions section's check that every graduate has a conclusion.
    monkeypatch.delitem(submissions._CHECKS, Submission.Kind.CONCLUSIONS_SUMMER, raising=False)
    _confirm_all(people, people.student_a1, people.student_a2, people.student_b1)
    for college, handler in ((people.college_a, people.handler_a), (people.college_b, people.handler_b)):
        _submit(people, college, handler, at(2020, 6, 18, 9))
        submissions.submit(campaign=people.campaign, college=college, kind=Submission.Kind.CONCLUSIONS_SUMMER,
                           by=handler, version=None, now=at(2020, 6, 29, 9))
    assert lateness.late_colleges(people.campaign, now=at(2020, 7, 15)) == []


def test_R5_2_a_section_can_say_which_colleges_owe_a_form(people, monkeypatch):
    monkeypatch.setitem(lateness._OWED, Submission.Kind.STUDY_CERTIFICATES, lambda campaign: {people.college_b.pk})
    _confirm_all(people, people.student_a1, people.student_a2, people.student_b1)
    late = _by_code(lateness.late_colleges(people.campaign, colleges=[people.college_b], now=at(2020, 6, 30, 1)))
    kinds = [r.what for r in late["03"].reasons]
    assert "硕博连读学习证明登记表（附件9）" in kinds and "信息核对表（附件6）" in kinds
    assert "夏季毕业结论（附件8）" in kinds and "交回的结业证书" not in kinds


def test_R5_2_late_colleges_takes_a_few_queries_whatever_the_number_of_colleges(people, django_assert_max_num_queries):
    from biye.core.models import College
    from tests.conftest import make_student

    for n in range(10):
        college = College.objects.create(code=f"9{n}", name=f"学院{n}")
        make_student(people.campaign, college, people.discipline, login=False)
    lateness.late_colleges(people.campaign, now=at(2020, 6, 20))  # the calendar is cached on the campaign
    # 8: two are the diplomas section asking which colleges owe returned 结业 certificates, through the
    # conclusions' "conclusions.jieye_certificate" fact (one more per 900 students).
    with django_assert_max_num_queries(8):
        result = lateness.late_colleges(people.campaign, now=at(2020, 6, 20))
    assert len(result) == 12
