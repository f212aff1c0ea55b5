"""R1.3: a student on neither list joins the collection only when the college asks and the Graduate School
approves."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent
from biye.photos import actions
from biye.photos.models import InclusionRequest
from tests.conftest import at, page_rows
from tests.photos.conftest import login, read_back

BEFORE = at(2020, 6, 8, 10)


def test_R1_3_request_then_approve_puts_the_student_on_list_a(people, lists, client):
    login(client, people.gs)
    assert lists.late.number not in client.get("/photos/list/a/").content.decode()
    assert lists.late.number in client.get("/photos/list/other/").content.decode()

    req = actions.request_inclusion(student=lists.late, by=people.handler_a, reason="入学时未采集图像", now=BEFORE)
    assert req.state == "pending"
    assert lists.late.number not in client.get("/photos/list/a/").content.decode()

    actions.decide_inclusion(request=req, by=people.gs, approve=True, now=BEFORE)
    html = client.get("/photos/list/a/").content.decode()
    assert lists.late.number in html and "未采集（学院申请列入）" in html
    assert lists.late.number not in client.get("/photos/list/other/").content.decode()
    rows = {r[1]: r[9] for r in read_back(client.get("/photos/list/a/xlsx/").content)[1:]}
    assert rows[lists.late.number] == "未采集（学院申请列入）"
    # The two decisions, and the download of 附件1 (every file that leaves Biye is accounted for, issue 16).
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {
        "photos.request_inclusion", "photos.decide_inclusion", "core.download"}


def test_R1_3_rejection_needs_a_reason_and_keeps_the_student_off_the_list(people, lists):
    req = actions.request_inclusion(student=lists.late, by=people.handler_a, reason="入学时未采集", now=BEFORE)
    with pytest.raises(ActionRefused) as e:
        actions.decide_inclusion(request=req, by=people.gs, approve=False, now=BEFORE)
    assert e.value.field == "note"
    actions.decide_inclusion(request=req, by=people.gs, approve=False, note="已有图像，请核实", now=BEFORE)
    req.refresh_from_db()
    assert (req.state, req.decision_note, req.decided_by) == ("rejected", "已有图像，请核实", people.gs)
    # a rejected request may be followed by a new one
    actions.request_inclusion(student=lists.late, by=people.handler_a, reason="已核实，确未采集", now=BEFORE)


def test_R1_3_a_decided_request_cannot_be_decided_again(people, lists):
    req = actions.request_inclusion(student=lists.late, by=people.handler_a, reason="未采集", now=BEFORE)
    actions.decide_inclusion(request=req, by=people.gs, approve=True, now=BEFORE)
    with pytest.raises(ActionRefused, match="已处理"):
        actions.decide_inclusion(request=req, by=people.gs, approve=False, note="改主意", now=BEFORE)


def test_R1_3_only_the_handler_asks_and_only_the_graduate_school_decides(people, lists):
    with pytest.raises(PermissionDenied):
        actions.request_inclusion(student=lists.late, by=people.handler_b, reason="x", now=BEFORE)
    with pytest.raises(PermissionDenied):
        actions.request_inclusion(student=lists.late, by=people.vendor, reason="x", now=BEFORE)
    req = actions.request_inclusion(student=lists.late, by=people.handler_a, reason="未采集", now=BEFORE)
    with pytest.raises(PermissionDenied):
        actions.decide_inclusion(request=req, by=people.handler_a, approve=True, now=BEFORE)
    assert InclusionRequest.objects.get().state == "pending"


def test_R1_3_students_on_a_list_need_no_request_and_reason_is_required(people, lists):
    with pytest.raises(ActionRefused, match="附件1"):
        actions.request_inclusion(student=lists.a1, by=people.handler_a, reason="x", now=BEFORE)
    with pytest.raises(ActionRefused, match="附件2"):
        actions.request_inclusion(student=people.student_a1, by=people.handler_a, reason="x", now=BEFORE)
    with pytest.raises(ActionRefused) as e:
        actions.request_inclusion(student=lists.late, by=people.handler_a, reason="  ", now=BEFORE)
    assert e.value.field == "reason"
    actions.request_inclusion(student=lists.late, by=people.handler_a, reason="未采集", now=BEFORE)
    with pytest.raises(ActionRefused, match="无需重复申请"):
        actions.request_inclusion(student=lists.late, by=people.handler_a, reason="再次", now=BEFORE)


def test_R1_3_no_requests_after_the_makeup_deadline(people, lists):
    with pytest.raises(ActionRefused, match="最晚补采集时间已过"):
        actions.request_inclusion(student=lists.late, by=people.handler_a, reason="未采集", now=at(2020, 6, 21))


def test_R1_3_college_asks_and_graduate_school_approves_through_the_pages(people, lists, client, window_now):
    login(client, people.handler_a)
    assert "申请列入" in client.get("/photos/list/other/").content.decode()
    response = client.post(f"/photos/students/{lists.late.pk}/include/", {"reason": "入学时因病未采集"}, follow=True)
    assert "已提交申请" in response.content.decode()
    req = InclusionRequest.objects.get(student=lists.late)

    login(client, people.handler_b)
    assert client.get(f"/photos/students/{lists.late.pk}/include/").status_code == 404
    assert client.post(f"/photos/inclusions/{req.pk}/decide/", {"decision": "approve"}).status_code == 404

    login(client, people.handler_a)
    assert client.post(f"/photos/inclusions/{req.pk}/decide/", {"decision": "approve"}).status_code == 403

    login(client, people.gs)
    html = client.get("/photos/inclusions/").content.decode()
    assert "入学时因病未采集" in html and "批准列入" in html
    response = client.post(f"/photos/inclusions/{req.pk}/decide/", {"decision": "reject", "note": ""}, follow=True)
    assert "不批准时请填写原因" in response.content.decode()
    client.post(f"/photos/inclusions/{req.pk}/decide/", {"decision": "approve"})
    req.refresh_from_db()
    assert req.state == "approved"


def test_R1_3_inclusions_page_takes_the_same_queries_as_requests_grow(
    people, client, django_assert_max_num_queries
):
    import datetime as dt

    from tests.conftest import make_student

    def add(n: int, decide: bool) -> None:
        for _ in range(n):
            s = make_student(people.campaign, people.college_a, people.discipline, login=False,
                             photo_on_file=False, enrolled_on=dt.date(2019, 9, 1))
            req = actions.request_inclusion(student=s, by=people.handler_a, reason="入学时未采集", now=BEFORE)
            if decide:
                actions.decide_inclusion(request=req, by=people.gs, approve=False, note="材料不全", now=BEFORE)

    login(client, people.gs)
    add(2, False)
    add(2, True)
    with django_assert_max_num_queries(12):
        small = client.get("/photos/inclusions/")
    assert len(page_rows(small)) == 2
    add(30, False)
    add(30, True)
    with django_assert_max_num_queries(12):
        large = client.get("/photos/inclusions/")
    assert large.context["page"].paginator.count == 32 and len(page_rows(large)) > 2
    assert large.content.decode().count("材料不全") >= 30
