"""R2.9 (and R3.5, R4.5 through the same flow): the handler submits, the dean signs off from their own account,
the Graduate School accepts or returns with a reason; while submitted, the rows are frozen."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from biye.core import submissions
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Submission
from tests.conftest import at

VERIFICATION = Submission.Kind.VERIFICATION


def _submit(people, when=at(2020, 6, 17, 9), version=None, by=None):
    return submissions.submit(campaign=people.campaign, college=people.college_a, kind=VERIFICATION,
                              by=by or people.handler_a, version=version, now=when)


def test_R2_9_handler_submits_dean_signs_off_graduate_school_accepts(people):
    s = _submit(people)
    assert (s.state, s.submitted_by, s.submitted_at) == ("submitted", people.handler_a, at(2020, 6, 17, 9))
    s = submissions.sign_off(submission=s, by=people.dean_a, version=s.version, now=at(2020, 6, 17, 15))
    assert (s.state, s.signed_by, s.signed_at) == ("signed", people.dean_a, at(2020, 6, 17, 15))
    s = submissions.accept(submission=s, by=people.gs, version=s.version, now=at(2020, 6, 19, 10))
    assert (s.state, s.accepted_by, s.accepted_at, s.late_since) == ("accepted", people.gs, at(2020, 6, 19, 10), None)
    events = list(AuditEvent.objects.filter(object_type="core.submission").order_by("at"))
    assert [e.action for e in events] == ["core.submission_submit", "core.submission_sign", "core.submission_accept"]
    assert [e.actor for e in events] == [people.handler_a, people.dean_a, people.gs]
    assert all(e.college == people.college_a for e in events)
    assert events[1].before["state"] == "submitted" and events[1].after["state"] == "signed"


def test_R2_9_graduate_school_returns_with_a_reason_and_the_college_resubmits(people):
    s = _submit(people)
    with pytest.raises(ActionRefused, match="请写明退回原因"):
        submissions.return_with_reason(submission=s, by=people.gs, reason="  ", version=s.version)
    assert Submission.objects.get(pk=s.pk).state == "submitted"
    s = submissions.return_with_reason(submission=s, by=people.gs, reason="第3行英文专业名称有误",
                                       version=s.version, now=at(2020, 6, 17, 11))
    assert (s.state, s.return_reason, s.returned_by) == ("returned", "第3行英文专业名称有误", people.gs)
    assert AuditEvent.objects.get(action="core.submission_return").note == "第3行英文专业名称有误"
    s = _submit(people, when=at(2020, 6, 18, 9), version=s.version)
    assert (s.state, s.signed_by) == ("submitted", None)
    s = submissions.sign_off(submission=s, by=people.dean_a, version=s.version, now=at(2020, 6, 18, 10))
    assert s.state == "signed" and s.first_submitted_at == at(2020, 6, 17, 9)


@pytest.mark.parametrize("who", ["gs", "dean_a", "handler_b", "advisor"])
def test_R2_9_only_the_colleges_handler_submits(people, who):
    with pytest.raises(PermissionDenied):
        _submit(people, by=getattr(people, who))
    assert not Submission.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["gs", "handler_a", "handler_b"])
def test_R2_9_only_the_colleges_dean_signs_off(people, who):
    s = _submit(people)
    with pytest.raises(PermissionDenied):
        submissions.sign_off(submission=s, by=getattr(people, who), version=s.version)
    assert Submission.objects.get(pk=s.pk).state == "submitted"


def test_R2_9_a_dean_of_another_college_cannot_sign_off(people):
    from biye.core.models import Role
    from tests.conftest import make_person

    dean_b = make_person("dean_b", (Role.DEAN, people.college_b))
    s = _submit(people)
    with pytest.raises(PermissionDenied):
        submissions.sign_off(submission=s, by=dean_b, version=s.version)


@pytest.mark.parametrize("who", ["handler_a", "dean_a"])
def test_R2_9_only_the_graduate_school_accepts_or_returns(people, who):
    s = _submit(people)
    s = submissions.sign_off(submission=s, by=people.dean_a, version=s.version)
    with pytest.raises(PermissionDenied):
        submissions.accept(submission=s, by=getattr(people, who), version=s.version)
    with pytest.raises(PermissionDenied):
        submissions.return_with_reason(submission=s, by=getattr(people, who), reason="x", version=s.version)
    assert Submission.objects.get(pk=s.pk).state == "signed"


def test_R2_9_steps_happen_in_order(people):
    s = _submit(people)
    with pytest.raises(ActionRefused, match="无需重复报送"):
        _submit(people, version=s.version)
    with pytest.raises(ActionRefused, match="只有主管院长已签发的表才能接收"):
        submissions.accept(submission=s, by=people.gs, version=s.version)
    s = submissions.sign_off(submission=s, by=people.dean_a, version=s.version)
    with pytest.raises(ActionRefused, match="只有经办人已报送、尚未签发的表才能签发"):
        submissions.sign_off(submission=s, by=people.dean_a, version=s.version)
    s = submissions.accept(submission=s, by=people.gs, version=s.version)
    with pytest.raises(ActionRefused, match="只有已报送、尚未接收的表才能退回"):
        submissions.return_with_reason(submission=s, by=people.gs, reason="晚了", version=s.version)


def test_R2_9_a_stale_page_is_refused(people):
    s = _submit(people)
    seen = s.version
    submissions.return_with_reason(submission=s, by=people.gs, reason="请补充", version=seen)
    with pytest.raises(ActionRefused, match="状态刚被其他人改为“已退回学院修改”"):
        submissions.sign_off(submission=s, by=people.dean_a, version=seen)
    assert Submission.objects.get(pk=s.pk).state == "returned"


def test_R2_9_a_section_can_refuse_a_submission_that_is_not_ready(people, monkeypatch):
    monkeypatch.setitem(submissions._CHECKS, VERIFICATION, [lambda campaign, college: ["2 人姓名拼音未确认"]])
    with pytest.raises(ActionRefused, match="还不能报送“信息核对表（附件6）”：2 人姓名拼音未确认"):
        _submit(people)
    assert not AuditEvent.objects.exists()


def test_R2_9_the_rows_are_frozen_while_submitted_and_free_again_when_returned(people):
    def check():
        submissions.require_not_frozen(campaign=people.campaign, college=people.college_a, kind=VERIFICATION)

    check()  # nothing submitted yet
    s = _submit(people)
    with pytest.raises(ActionRefused, match="该学院的信息核对表已报送，需研究生院退回后才能修改"):
        check()
    submissions.require_not_frozen(campaign=people.campaign, college=people.college_b, kind=VERIFICATION)
    submissions.require_not_frozen(campaign=people.campaign, college=people.college_a,
                                   kind=Submission.Kind.CONCLUSIONS_SUMMER)
    s = submissions.return_with_reason(submission=s, by=people.gs, reason="请补充", version=s.version)
    check()
    s = _submit(people, version=s.version)
    s = submissions.sign_off(submission=s, by=people.dean_a, version=s.version)
    submissions.accept(submission=s, by=people.gs, version=s.version)
    with pytest.raises(ActionRefused, match="已由研究生院接收，不能再修改"):
        check()


def test_R2_9_submitting_after_the_deadline_is_taken_and_marked_late(people):
    s = _submit(people, when=at(2020, 6, 19, 0, 0))  # the 附件6 deadline is 06-18 24:00
    assert s.state == "submitted" and s.late_since == at(2020, 6, 19)
    assert AuditEvent.objects.get(action="core.submission_submit").note == "逾期报送"
    on_time = submissions.submit(campaign=people.campaign, college=people.college_b, kind=VERIFICATION,
                                 by=people.handler_b, version=None, now=at(2020, 6, 18, 23, 59, 59))
    assert on_time.late_since is None


def test_R2_9_panel_offers_each_viewer_only_their_buttons(people):
    p = submissions.panel(people.handler_a, people.campaign, people.college_a, VERIFICATION)
    assert (p.can_submit, p.can_sign, p.can_accept, p.can_return) == (True, False, False, False)
    assert p.submission.state == "draft" and p.submission.pk is None
    s = _submit(people)
    assert submissions.panel(people.handler_a, people.campaign, people.college_a, VERIFICATION).any_button is False
    p = submissions.panel(people.dean_a, people.campaign, people.college_a, VERIFICATION)
    assert (p.can_submit, p.can_sign, p.can_accept, p.can_return) == (False, True, False, False)
    p = submissions.panel(people.gs, people.campaign, people.college_a, VERIFICATION)
    assert (p.can_submit, p.can_sign, p.can_accept, p.can_return) == (False, False, False, True)
    submissions.sign_off(submission=s, by=people.dean_a, version=s.version)
    p = submissions.panel(people.gs, people.campaign, people.college_a, VERIFICATION)
    assert (p.can_accept, p.can_return) == (True, True)


def test_R2_9_the_printed_form_carries_the_names_and_times_of_who_signed(people):
    from biye.core import official

    def line(s):
        return official.OfficialForm(title="t", headers=["序号"], rows=[], signatures=submissions.signatures(s)).signature_line()

    assert line(None).startswith("经办人：\u3000")
    s = _submit(people, when=at(2020, 6, 17, 9))
    assert line(s).startswith("经办人：经办人甲（2020-06-17 09:00）\u3000\u3000\u3000主管院长：\u3000")
    s = submissions.sign_off(submission=s, by=people.dean_a, version=s.version, now=at(2020, 6, 18, 16, 45))
    assert "主管院长：院长甲（2020-06-18 16:45）" in line(s) and line(s).endswith("日期：2020-06-18")
    s = submissions.return_with_reason(submission=s, by=people.gs, reason="请补充", version=s.version)
    assert "经办人甲" not in line(s) and "院长甲" not in line(s)
