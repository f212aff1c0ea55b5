"""R3.3, R3.4, 结业转毕业: the student applies with a reason, the advisor co-signs (or the college records a
paper signature), the college approves or returns it with a reason; every step audited and shown."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from biye.conclusions import actions
from biye.conclusions.models import Application
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent
from tests.conftest import at


def _apply(people, kind="结业", student=None, now=None):
    student = student or people.student_a1
    return actions.apply(student=student, by=student.person, kind=kind, reason="实验未完成，申请结业",
                         now=now or at(2020, 6, 10))


def test_R3_3_application_goes_from_student_to_advisor_to_college_and_every_step_is_audited(people, client):
    client.force_login(people.student_a1.person)
    resp = client.post(reverse("conclusions:me"), {"kind": "结业", "reason": "实验未完成，申请结业"}, follow=True)
    assert "申请已提交" in resp.content.decode()
    a = Application.objects.get(student=people.student_a1)
    assert a.state == "advisor"
    client.force_login(people.advisor)
    html = client.get(reverse("conclusions:advisor")).content.decode()
    assert "曾国藩" in html and "实验未完成" in html
    client.post(reverse("conclusions:application_act", args=[a.pk]), {"op": "sign", "version": a.version,
                                                                      "next": "advisor"})
    a.refresh_from_db()
    assert a.state == "college" and a.advisor_signed_by == people.advisor and not a.advisor_on_paper
    client.force_login(people.handler_a)
    client.post(reverse("conclusions:application_act", args=[a.pk]), {"op": "approve", "version": a.version})
    a.refresh_from_db()
    assert a.state == "approved" and a.decided_by == people.handler_a
    events = AuditEvent.objects.filter(student=people.student_a1).order_by("id")
    assert list(events.values_list("action", flat=True)) == [
        "conclusions.apply", "conclusions.advisor_sign", "conclusions.approve"]
    client.force_login(people.student_a1.person)
    html = client.get(reverse("conclusions:me")).content.decode()
    assert "学院已批准" in html and "李教授" in html and "经办人甲" in html


def test_R3_3_a_returned_application_shows_its_reason_to_the_student_who_may_apply_again(people, client):
    a = _apply(people)
    actions.advisor_sign(application=a, by=people.advisor, now=at(2020, 6, 11))
    client.force_login(people.handler_a)
    resp = client.post(reverse("conclusions:application_act", args=[a.pk]), {"op": "return", "version": 2,
                                                                             "reason": ""}, follow=True)
    assert "请写明退回原因" in resp.content.decode()
    client.post(reverse("conclusions:application_act", args=[a.pk]),
                {"op": "return", "version": 2, "reason": "请附导师意见原件"})
    a.refresh_from_db()
    assert a.state == "returned"
    client.force_login(people.student_a1.person)
    html = client.get(reverse("conclusions:me")).content.decode()
    assert "学院已退回" in html and "请附导师意见原件" in html
    assert _apply(people).state == "advisor"


def test_R3_3_only_the_students_own_advisor_signs(people):
    from tests.conftest import make_person

    other = make_person("T2002", ("advisor", None))
    a = _apply(people)
    with pytest.raises(PermissionDenied):
        actions.advisor_sign(application=a, by=other)
    with pytest.raises(ActionRefused, match="导师尚未签字"):
        actions.decide(application=a, by=people.handler_a, approve=True)
    with pytest.raises(ActionRefused, match="有系统账号"):
        actions.record_paper_signature(application=a, by=people.handler_a)


def test_R3_4_the_college_records_a_paper_signature_when_the_advisor_has_no_account(people, client):
    a = _apply(people, kind="肄业", student=people.student_a2)  # no advisor account
    client.force_login(people.handler_a)
    html = client.get(reverse("conclusions:student", args=[people.student_a2.pk])).content.decode()
    assert "登记导师纸质签字" in html
    client.post(reverse("conclusions:application_act", args=[a.pk]), {"op": "paper", "version": a.version})
    a.refresh_from_db()
    assert a.state == "college" and a.advisor_on_paper and a.advisor_signed_by == people.handler_a
    with pytest.raises(PermissionDenied):
        actions.decide(application=a, by=people.handler_b, approve=True)


def test_R3_3_no_second_application_while_one_is_open_nor_after_the_round_closes(people):
    _apply(people)
    with pytest.raises(ActionRefused, match="正在审批中"):
        _apply(people)
    with pytest.raises(ActionRefused, match="2020-06-29 12:00 截止"):
        _apply(people, kind="肄业", now=at(2020, 6, 29, 12))


def test_R3_2_only_an_earlier_completion_may_apply_to_convert(people, client):
    client.force_login(people.student_a1.person)
    resp = client.post(reverse("conclusions:me"), {"kind": "结业转毕业", "reason": "已通过答辩"})
    assert "没有您往届结业的记录" in resp.content.decode()
    assert not Application.objects.exists()
    s = people.student_a1
    s.prior_conclusion = "结业"
    s.save()
    assert _apply(people, kind="结业转毕业").kind == "结业转毕业"


def test_R3_3_only_the_student_applies_for_themselves(people):
    with pytest.raises(PermissionDenied):
        actions.apply(student=people.student_a1, by=people.handler_a, kind="结业", reason="x")


def test_R3_5_single_certificate_and_international_students_have_nothing_to_apply_for(people, client):
    s = people.student_a1
    s.certificate_type = "单证"
    s.save()
    client.force_login(s.person)
    assert "不报送毕业结论" in client.get(reverse("conclusions:me")).content.decode()
    with pytest.raises(ActionRefused, match="无需申请"):
        _apply(people)
