"""The demo's graduation conclusions (issue 11), written through the conclusions section's own actions: a
graduate for every case the college meets, applications at each step, and three colleges' 附件8 in three states.

In 机械与车辆学院 (accepted) one graduate converts from an earlier 结业 (结业转毕业) before the 附件8 is
submitted, so the diplomas demo (biye/demo/diplomas.py) has a kept number to hand out.
In the example college (计算机学院), among the summer graduates: defenses passed, failed and not held; one past
the maximum study period; programme not finished; an earlier 结业 graduate converting (certificate returned);
a 结业 application waiting for the advisor, one waiting for the college, one returned, one approved and proposed.
Its 附件8 is left for the visitor to finish. 机械与车辆学院's 附件8 is accepted, 宇航学院's returned with a
reason; the others have not submitted. The autumn round's dates are left unset (尚未安排).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from biye.conclusions import actions
from biye.conclusions.models import Conclusion, Round
from biye.core import submissions
from biye.core.models import Campaign, College, Person, Student
from biye.diplomas.actions import record_jieye_return

ACCEPTED, RETURNED = "010", "020"


def _graduates(college: College, campaign: Campaign) -> list[Student]:
    return list(Student.objects.filter(campaign=campaign, college=college, certificate_type="双证",
                                       is_international=False, expected_term="夏季")
                .select_related("campaign", "college", "person", "advisor").order_by("number"))


def _passed(student: Student, by: Person, on: dt.date, grade: str = "良好") -> None:
    actions.record_standing(student=student, by=by, values={
        "defense_on": on, "defense_result": "通过", "defense_grade": grade, "programme_done": True,
        "grades_passed": True})


def _apply(student: Student, kind: str, reason: str) -> object:
    return actions.apply(student=student, by=student.person, kind=kind, reason=reason)


def _report_college(campaign: Campaign, college: College, handler: Person, dean: Person, gs: Person,
                    today: dt.date, *, accept: bool) -> None:
    for student in _graduates(college, campaign):
        _passed(student, handler, today)
    actions.propose_graduates(campaign=campaign, college=college, round_=Round.SUMMER, by=handler,
                              expected=len(_graduates(college, campaign)))
    converting = next((s for s in _graduates(college, campaign)
                       if s.level == "硕士" and s.training_type == "非定向" and s.person_id and s.advisor_id), None)
    if accept and converting is not None:  # a small demo roster may have nobody to convert
        _convert(converting, campaign, handler)
    s = submissions.submit(campaign=campaign, college=college, kind=Round.SUMMER.submission_kind, by=handler,
                           version=None)
    s = submissions.sign_off(submission=s, by=dean, version=s.version)
    if accept:
        submissions.accept(submission=s, by=gs, version=s.version)
    else:
        submissions.return_with_reason(submission=s, by=gs, version=s.version,
                                       reason="答辩成绩一列有空白，请补全后重新报送。")


def _convert(student: Student, campaign: Campaign, handler: Person) -> Student:
    """An earlier 结业 graduate converting (结业转毕业): the roster holds the 结业 certificate's number (this
    school, 办学类型 1, two years ago, 硕士), the college takes the certificate back (R4.4), the application is
    approved and the college proposes 结业转毕业 (the diploma keeps that number, R4.6)."""
    Student.objects.filter(pk=student.pk).update(
        prior_conclusion=Conclusion.COMPLETE, prior_year=campaign.year - 2,
        prior_certificate_number=f"{campaign.school_code}1{campaign.year - 2}02{student.number[-6:]:0>6}")
    student.refresh_from_db()
    record_jieye_return(student=student, by=handler, number=student.prior_certificate_number)  # R4.4
    a = _apply(student, Conclusion.CONVERT, "已通过论文答辩，申请结业转毕业。")
    a = actions.advisor_sign(application=a, by=student.advisor)
    actions.decide(application=a, by=handler, approve=True)
    actions.propose(student=student, by=handler, conclusion=Conclusion.CONVERT, note="原结业证书已交回")
    return student


def load(campaign: Campaign, *, gs: Person, staff: dict[str, tuple[Person, Person]]) -> None:
    """`staff`: college code → (handler, dean). Call after the calendar is live (applications need it open)."""
    # The roster's enrollment years are the 2020 campaign's, so its graduation date is too (BYRQ, R3.6).
    campaign.university_name = campaign.university_name or "北京理工大学"
    campaign.president_name, campaign.summer_graduation_date = "张校长", dt.date(campaign.year, 6, 30)
    campaign.save(update_fields=["university_name", "president_name", "summer_graduation_date"])
    today = timezone.localdate()
    colleges = {c.code: c for c in College.objects.filter(code__in=[ACCEPTED, RETURNED, "080"])}
    for code, accept in ((ACCEPTED, True), (RETURNED, False)):
        _report_college(campaign, colleges[code], *staff[code], gs, today, accept=accept)

    handler, _dean = staff["080"]
    people = [s for s in _graduates(colleges["080"], campaign) if s.person_id and s.advisor_id]
    if len(people) < 16:
        return
    for student in people[16:]:
        _passed(student, handler, today, grade="优秀")
    failed, not_held, unfinished, over, converting = people[0:2], people[2:4], people[4:6], people[6], people[7]
    for student in failed:
        actions.record_standing(student=student, by=handler, values={
            "defense_on": today, "defense_result": "未通过", "defense_grade": "不及格", "programme_done": True,
            "grades_passed": True})
    for student in not_held:
        actions.record_standing(student=student, by=handler, values={"programme_done": True, "grades_passed": True})
    for student in unfinished:
        actions.record_standing(student=student, by=handler, values={"programme_done": False, "grades_passed": True})
    # Past the maximum study period: the roster says so (a correction of its enrollment date, for the demo).
    Student.objects.filter(pk=over.pk).update(enrolled_on=dt.date(campaign.year - 6, 9, 1))
    _passed(over, handler, today)
    # An earlier 结业 graduate converting (结业转毕业): defense passed now, certificate handed back (R4.4).
    _passed(converting, handler, today)
    _convert(converting, campaign, handler)
    # 结业 applications at each step.
    _apply(not_held[0], Conclusion.COMPLETE, "因身体原因未能参加答辩，申请结业。")  # waits for the advisor
    a = _apply(not_held[1], Conclusion.COMPLETE, "论文未完成，申请结业。")
    actions.advisor_sign(application=a, by=not_held[1].advisor)  # waits for the college
    a = _apply(failed[0], Conclusion.COMPLETE, "答辩未通过，申请结业。")
    a = actions.advisor_sign(application=a, by=failed[0].advisor)
    actions.decide(application=a, by=handler, approve=False, reason="请附答辩委员会决议后重新申请。")
    a = _apply(failed[1], Conclusion.COMPLETE, "答辩未通过，申请结业。")
    a = actions.advisor_sign(application=a, by=failed[1].advisor)
    actions.decide(application=a, by=handler, approve=True)
    actions.propose(student=failed[1], by=handler, conclusion=Conclusion.COMPLETE, note="答辩未通过")
