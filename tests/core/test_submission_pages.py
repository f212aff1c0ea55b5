"""R2.9, R5.2 in the browser's terms: the submission panel on the college home, its one POST view, and the
overview's submission status and late colleges."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from biye.core import submissions
from biye.core.models import AuditEvent, College, Submission
from tests.conftest import at, make_student

URL = "/college/07/submissions/verification/"


@pytest.fixture(autouse=True)
def _before_the_verification_deadline(clock):
    """These pages are seen on 06-17, before 附件6 is due (06-18 24:00); a test moves the clock on from there."""
    clock(2020, 6, 17, 9)


def _version(people):
    s = Submission.objects.filter(college=people.college_a, kind="verification").first()
    return s.version if s else 0


def _panel(html: str) -> str:
    return html.split('id="submission-verification"')[1].split('id="submission-')[0].split("<h2")[0]


def test_R2_9_sheet_goes_through_submit_sign_return_resubmit_and_accept_on_the_pages(client, people, clock):
    client.force_login(people.handler_a)
    html = client.get("/college/07/").content.decode()
    panel = _panel(html)
    assert "信息核对表（附件6）" in panel and "未报送" in panel and "截止时间：2020-06-18 24:00" in panel
    assert 'value="submit"' in panel and 'value="sign"' not in panel and 'value="accept"' not in panel
    html = client.post(URL, {"op": "submit", "version": "0", "next": "/college/07/"}, follow=True).content.decode()
    assert "已报送研究生院，请主管院长签发。" in html
    assert "已报送，待主管院长签发" in html and "经办人报送：经办人甲，2020-06-17 09:00" in html
    assert 'value="submit"' not in _panel(html)

    clock(2020, 6, 17, 15, 30)
    client.force_login(people.dean_a)
    panel = _panel(client.get("/college/07/").content.decode())
    assert 'value="sign"' in panel and 'value="submit"' not in panel
    html = client.post(URL, {"op": "sign", "version": str(_version(people))}, follow=True).content.decode()
    assert "已签发。" in html and "主管院长签发：院长甲，2020-06-17 15:30" in html

    clock(2020, 6, 18, 9)  # (sessions expire: log in after moving the clock)
    client.force_login(people.gs)
    panel = _panel(client.get("/college/07/").content.decode())
    assert 'value="accept"' in panel and 'value="return"' in panel
    html = client.post(URL, {"op": "return", "version": str(_version(people)), "reason": ""}, follow=True).content.decode()
    assert "请写明退回原因" in html and Submission.objects.get().state == "signed"
    html = client.post(URL, {"op": "return", "version": str(_version(people)), "reason": "第2行民族有误"},
                       follow=True).content.decode()
    assert "已退回学院" in html

    client.force_login(people.handler_a)
    html = client.get("/college/07/").content.decode()
    panel = _panel(html)
    assert "已退回学院修改" in panel and "第2行民族有误" in panel and "修改后重新报送" in panel
    assert 'id="college-late"' in html and "被研究生院退回：第2行民族有误" in html
    client.post(URL, {"op": "submit", "version": str(_version(people))})
    client.force_login(people.dean_a)
    client.post(URL, {"op": "sign", "version": str(_version(people))})
    client.force_login(people.gs)
    html = client.post(URL, {"op": "accept", "version": str(_version(people))}, follow=True).content.decode()
    assert "已接收。" in html and "研究生院已接收" in html
    assert list(AuditEvent.objects.filter(object_type="core.submission").order_by("at", "id").values_list("action", flat=True)) == [
        "core.submission_submit", "core.submission_sign", "core.submission_return",
        "core.submission_submit", "core.submission_sign", "core.submission_accept"]


def test_R2_9_a_stale_page_shows_the_refusal_and_changes_nothing(client, people, clock):
    submissions.submit(campaign=people.campaign, college=people.college_a, kind="verification", by=people.handler_a,
                       version=None)
    client.force_login(people.dean_a)
    html = client.post(URL, {"op": "sign", "version": "0"}, follow=True).content.decode()
    assert "状态刚被其他人改为" in html and Submission.objects.get().state == "submitted"


@pytest.mark.parametrize("who, op, status", [
    ("handler_b", "submit", 404),  # another college does not exist for them
    ("dean_a", "submit", 403),  # the dean signs; the handler submits
    ("handler_a", "accept", 403),
    ("student", "submit", 404),
])
def test_R2_9_only_the_right_person_can_press_each_button(client, people, clock, who, op, status):
    person = people.student_a1.person if who == "student" else getattr(people, who)
    if op == "accept":
        s = submissions.submit(campaign=people.campaign, college=people.college_a, kind="verification",
                               by=people.handler_a, version=None)
        submissions.sign_off(submission=s, by=people.dean_a, version=s.version)
    events = AuditEvent.objects.count()
    client.force_login(person)
    assert client.post(URL, {"op": op, "version": str(_version(people))}).status_code == status
    assert AuditEvent.objects.count() == events


def test_R2_9_the_view_needs_the_csrf_token_and_a_post(people, clock):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.handler_a)
    assert client.post(URL, {"op": "submit", "version": "0"}).status_code == 403
    assert client.get(URL).status_code == 405
    assert not Submission.objects.exists()


def test_R2_9_an_unknown_form_or_an_outside_next_address_goes_nowhere_dangerous(client, people, clock):
    client.force_login(people.handler_a)
    assert client.post("/college/07/submissions/nothing/", {"op": "submit", "version": "0"}).status_code == 404
    response = client.post(URL, {"op": "submit", "version": "0", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/college/07/"


def test_R5_2_overview_shows_each_colleges_submission_status_and_the_late_ones(client, people, clock,
                                                                             django_assert_max_num_queries):
    for n in range(6):
        college = College.objects.create(code=f"9{n}", name=f"学院{n}")
        make_student(people.campaign, college, people.discipline, login=False)
    s = submissions.submit(campaign=people.campaign, college=people.college_a, kind="verification",
                           by=people.handler_a, version=None, now=at(2020, 6, 17, 9))
    submissions.return_with_reason(submission=s, by=people.gs, reason="请补充说明", version=s.version,
                                   now=at(2020, 6, 17, 10))
    client.force_login(people.gs)
    client.get(reverse("gs_overview"))
    with django_assert_max_num_queries(25):
        resp = client.get(reverse("gs_overview"))
    assert resp.status_code == 200 and len(resp.context["rows"]) == 8  # every college, one row each
    html = resp.content.decode()
    row_a = html.split('id="submissions-07"')[1].split("</tr>")[0]
    row_b = html.split('id="submissions-03"')[1].split("</tr>")[0]
    assert "已退回学院修改" in row_a and "未报送" in row_b
    late = html.split('id="late-colleges"')[1]
    assert "计算机学院" in late and "2020-06-17 10:00" in late and "被研究生院退回：请补充说明" in late
    assert 'id="late-03"' not in html and html.count('id="submissions-9') == 6


def test_R5_2_a_sheet_submitted_after_the_deadline_shows_late_on_the_overview_and_the_college_panel(client, people, clock):
    clock(2020, 6, 19, 10, 30)  # the sheet was due 06-18 24:00
    client.force_login(people.handler_a)
    client.post(URL, {"op": "submit", "version": _version(people)})
    panel = _panel(client.get("/college/07/").content.decode())
    assert "已报送，待主管院长签发" in panel and "逾期报送" in panel
    client.force_login(people.gs)
    html = client.get(reverse("gs_overview")).content.decode()
    row_a = html.split('id="submissions-07"')[1].split("</tr>")[0]
    assert "已报送，待主管院长签发" in row_a and "逾期报送" in row_a
    late = html.split('id="late-07"')[1].split("</tr>")[0]
    assert "2020-06-19 00:00" in late and "逾期报送（截止 2020-06-18 24:00，2020-06-19 10:30 报送）" in late
    assert "逾期报送" not in html.split('id="submissions-03"')[1].split("</tr>")[0]


def test_R2_9_the_dean_opens_the_sheet_they_sign_off_from_the_panel(client, people):
    s = submissions.submit(campaign=people.campaign, college=people.college_a, kind="verification",
                           by=people.handler_a, version=None)
    client.force_login(people.dean_a)
    panel = _panel(client.get("/college/07/").content.decode())
    assert 'href="/records/college/07/sheet.pdf"' in panel and 'value="sign"' in panel
    pdf = client.get("/records/college/07/sheet.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert Submission.objects.get(pk=s.pk).signed_at is None  # reading the sheet signs nothing
