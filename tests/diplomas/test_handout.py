"""R4.1, R4.2, R4.3, R4.4, R5.2: the hand-out plan, each certificate handed over and signed for, reprints before
signing and the 学历证明书 after it, the dossier route, and 结业 certificates returned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from biye.core import checklist, facts, lateness, submissions
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Role
from biye.diplomas import actions
from biye.diplomas.models import Certificate, ReprintRequest
from tests.conftest import at, make_person, make_student
from tests.diplomas.conftest import accept_conclusions


@pytest.fixture
def numbered(people, conclusions):
    conclusions.accept(people.student_a1, people.student_a2)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    return people


def _diploma(student):
    return Certificate.objects.get(student=student, kind="diploma", void_at__isnull=True)


def test_R4_1_the_college_plan_shows_on_the_students_checklist_page(numbered, client):
    p = numbered
    actions.set_handout_plan(campaign=p.campaign, college=p.college_a, by=p.handler_a, starts_at=at(2020, 7, 1, 9),
                             place="主楼101", methods=["in_person", "post"], note="请携带学生证")
    client.force_login(p.student_a1.person)
    page = client.get("/diplomas/me/").content.decode()
    assert "主楼101" in page and "本人领取" in page and "邮寄" in page and "请携带学生证" in page
    assert "委托他人代领" not in page


def test_R4_1_a_plan_needs_a_place_and_a_method_and_only_the_college_handler_sets_it(numbered):
    p = numbered
    with pytest.raises(ActionRefused, match="发放地点"):
        actions.set_handout_plan(campaign=p.campaign, college=p.college_a, by=p.handler_a, starts_at=at(2020, 7, 1),
                                 place=" ", methods=["in_person"])
    with pytest.raises(ActionRefused, match="领取方式"):
        actions.set_handout_plan(campaign=p.campaign, college=p.college_a, by=p.handler_a, starts_at=at(2020, 7, 1),
                                 place="主楼", methods=[])
    with pytest.raises(PermissionDenied):
        actions.set_handout_plan(campaign=p.campaign, college=p.college_a, by=p.handler_b, starts_at=at(2020, 7, 1),
                                 place="主楼", methods=["in_person"])


def test_R4_1_each_certificate_records_who_handed_it_to_whom_when_and_how(numbered, clock):
    p = numbered
    diploma = _diploma(p.student_a1)
    degree = Certificate.objects.get(student=p.student_a1, kind="degree")
    with pytest.raises(ActionRefused, match="授权书"):
        actions.hand_over(certificate=diploma, by=p.handler_a, method="proxy", receiver="张三")
    with pytest.raises(ActionRefused, match="快递单号"):
        actions.hand_over(certificate=degree, by=p.handler_a, method="post")
    moment = clock(2020, 6, 18, 10)  # before 附件6 is due: the college is not late (R5.2)
    actions.hand_over(certificate=diploma, by=p.handler_a, method="proxy", receiver="张三", authorisation="本人签字授权书（已存档）")
    actions.hand_over(certificate=degree, by=p.handler_a, method="post", tracking_number="SF1234567890")
    diploma.refresh_from_db()
    degree.refresh_from_db()
    assert (diploma.handed_by, diploma.receiver, diploma.handed_at, diploma.method) == (p.handler_a, "张三", moment, "proxy")
    assert degree.tracking_number == "SF1234567890" and degree.receiver == p.student_a1.name
    assert AuditEvent.objects.filter(action="diplomas.hand_over", student=p.student_a1).count() == 2


def test_R4_1_the_graduate_signs_for_online_or_the_college_records_a_paper_signature(numbered):
    p = numbered
    diploma, degree = _diploma(p.student_a1), Certificate.objects.get(student=p.student_a1, kind="degree")
    with pytest.raises(ActionRefused, match="尚未发放"):
        actions.sign_for(certificate=diploma, by=p.student_a1.person)
    for c in (diploma, degree):
        actions.hand_over(certificate=c, by=p.handler_a, method="in_person")
    actions.sign_for(certificate=diploma, by=p.student_a1.person)
    actions.sign_for(certificate=degree, by=p.handler_a)
    assert Certificate.objects.get(pk=diploma.pk).sign_method == "online"
    assert Certificate.objects.get(pk=degree.pk).sign_method == "paper"
    with pytest.raises(PermissionDenied):
        actions.sign_for(certificate=_diploma(p.student_a2), by=p.student_a1.person)
    states = {s.task.key: s.state for s in checklist.for_student(p.student_a1)}
    assert states["diploma"] == "done"


def test_R4_1_single_certificate_graduates_receive_and_sign_for_their_degree_certificate(people):
    single = make_student(people.campaign, people.college_a, people.discipline, certificate_type="单证",
                          id_number="110101199503070115")
    assert actions.prepare_degree_certificates(campaign=people.campaign, college=people.college_a, by=people.handler_a) == 1
    c = Certificate.objects.get(student=single)
    assert c.kind == "degree" and c.number is None
    actions.hand_over(certificate=c, by=people.handler_a, method="in_person")
    actions.sign_for(certificate=c, by=single.person)
    assert {s.task.key: s.state for s in checklist.for_student(single)}["diploma"] == "done"


def test_R4_2_a_misprint_before_signing_is_sent_back_for_reprinting_and_recorded(numbered):
    p = numbered
    diploma = _diploma(p.student_a1)
    actions.hand_over(certificate=diploma, by=p.handler_a, method="in_person")
    request = actions.request_reprint(certificate=diploma, by=p.student_a1.person, reason="出生日期印错")
    diploma.refresh_from_db()
    assert request.kind == "reprint" and diploma.reprints == 1 and diploma.handed_at is None
    assert diploma.number == "100071202002000001"  # the reprint keeps its number


def test_R4_2_after_signing_a_reprint_is_refused_pointing_to_the_archives_attestation_and_recorded(numbered, clock):
    p = numbered
    diploma = _diploma(p.student_a1)
    actions.hand_over(certificate=diploma, by=p.handler_a, method="in_person")
    actions.sign_for(certificate=diploma, by=p.student_a1.person)
    moment = clock(2020, 9, 1, 8)
    with pytest.raises(ActionRefused, match="学历证明书.*同等效力"):
        actions.request_reprint(certificate=diploma, by=p.student_a1.person, reason="遗失")
    request = ReprintRequest.objects.get()
    assert (request.certificate.student, request.reason, request.at, request.kind) == (p.student_a1, "遗失", moment, "attestation")
    assert Certificate.objects.get(pk=diploma.pk).reprints == 0
    with pytest.raises(PermissionDenied):
        actions.mark_attestation_done(request=request, by=p.handler_a)
    actions.mark_attestation_done(request=request, by=p.archives)
    assert ReprintRequest.objects.get().done_by == p.archives


def test_R4_3_directed_graduates_diploma_goes_to_the_dossier_office_and_they_sign_for_the_cover(numbered, client):
    p = numbered  # student_a2 is 定向
    diploma = _diploma(p.student_a2)
    assert diploma.route == "dossier"
    with pytest.raises(ActionRefused, match="学生档案室"):
        actions.hand_over(certificate=diploma, by=p.handler_a, method="in_person")
    with pytest.raises(ActionRefused, match="尚未移交"):
        actions.confirm_dossier_receipt(certificate=diploma, by=p.archives)
    assert actions.send_to_dossier(campaign=p.campaign, by=p.gs) == 1  # student_a1 (非定向) stays at the college
    actions.confirm_dossier_receipt(certificate=diploma, by=p.archives)
    actions.sign_cover(certificate=diploma, by=p.student_a2.person)
    diploma.refresh_from_db()
    assert diploma.dossier_received_by == p.archives and diploma.cover_signed_at is not None
    client.force_login(p.student_a2.person)
    page = client.get("/diplomas/me/").content.decode()
    assert "学生档案室已签收" in page and "已领取证书封皮" in page


def test_R4_4_a_jieye_to_graduation_diploma_waits_for_the_returned_jieye_certificate(people, conclusions):
    conclusions.accept(people.student_a1, conclusion="结业转毕业")
    conclusions.jieye[people.student_a1.pk] = {"number": "100071201902000123", "year": 2019}
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    diploma = _diploma(people.student_a1)
    with pytest.raises(ActionRefused, match="先向学院交回结业证书"):
        actions.hand_over(certificate=diploma, by=people.handler_a, method="in_person")
    with pytest.raises(ActionRefused, match="不一致"):
        actions.record_jieye_return(student=people.student_a1, by=people.handler_a, number="100071201902000124")
    with pytest.raises(ActionRefused, match="没有原结业证书"):
        actions.record_jieye_return(student=people.student_a2, by=people.handler_a, number="100071201902000123")
    actions.record_jieye_return(student=people.student_a1, by=people.handler_a, number="100071201902000123")
    assert people.student_a1.pk in facts.values("diplomas.jieye_returned", [people.student_a1.pk])
    actions.hand_over(certificate=diploma, by=people.handler_a, method="in_person")
    assert Certificate.objects.get(pk=diploma.pk).handed_at is not None


def test_R5_2_the_returned_jieye_batch_is_sent_by_the_deadline_or_the_college_is_late(people, conclusions, clock):
    conclusions.jieye[people.student_a1.pk] = {"number": "100071201902000123", "year": 2019}
    kind = "certificate_return"
    with pytest.raises(ActionRefused, match="尚未登记任何交回的结业证书"):
        submissions.submit(campaign=people.campaign, college=people.college_a, kind=kind, by=people.handler_a, version=None)
    clock(2020, 6, 29, 0, 0, 1)  # the day after 06-28
    owing = {lc.college.code for lc in lateness.late_colleges(people.campaign)
             for r in lc.reasons if r.what == "交回的结业证书"}
    assert owing == {"07"}  # only the college with a 结业转毕业 graduate owes the batch
    actions.record_jieye_return(student=people.student_a1, by=people.handler_a, number="100071201902000123")
    s = submissions.submit(campaign=people.campaign, college=people.college_a, kind=kind, by=people.handler_a, version=None)
    assert s.late_since is not None
    with pytest.raises(ActionRefused, match="已报送"):
        actions.record_jieye_return(student=people.student_a1, by=people.handler_a, number="100071201902000123")


def test_R5_2_a_late_colleges_diplomas_wait_with_the_reason_until_the_graduate_school_accepts_the_form(numbered,
                                                                                                      clock, monkeypatch):
    """R5.2 "学历注册、证书发放延迟": 附件6 not sent by its deadline delays the college's 学历证书 (the 学位证书
    is not held back); the refusal says what was missed and since when, and the hand-out works again once the
    Graduate School accepts the late form."""
    from biye.core.models import Submission

    p = numbered
    for task in [t for t in checklist.tasks() if t.college_work]:  # the pinyin is the names section's business
        monkeypatch.delitem(checklist._TASKS, task.key)
    diploma, degree = _diploma(p.student_a1), Certificate.objects.get(student=p.student_a1, kind="degree")
    clock(2020, 7, 1, 10)
    assert p.college_a.pk in lateness.delayed_college_ids(p.campaign)
    with pytest.raises(ActionRefused) as refused:
        actions.hand_over(certificate=diploma, by=p.handler_a, method="in_person")
    message = str(refused.value)
    assert "计算机学院逾期，学历证书暂缓发放" in message
    assert "信息核对表（附件6）（截止 2020-06-18 24:00 未报送，自 2020-06-19 00:00 起；研究生院接收该表后解除）" in message
    diploma.refresh_from_db()
    assert diploma.handed_at is None and not AuditEvent.objects.filter(action="diplomas.hand_over").exists()
    actions.hand_over(certificate=degree, by=p.handler_a, method="in_person")  # the degree certificate is not held

    s = submissions.submit(campaign=p.campaign, college=p.college_a, kind=Submission.Kind.VERIFICATION,
                           by=p.handler_a, version=None)
    s = submissions.sign_off(submission=s, by=p.dean_a, version=s.version)
    submissions.accept(submission=s, by=p.gs, version=s.version)
    actions.hand_over(certificate=diploma, by=p.handler_a, method="in_person")
    assert Certificate.objects.get(pk=diploma.pk).handed_at == at(2020, 7, 1, 10)
