"""The Graduate School's people page: who holds which role; grant and revoke, audited (R5.3)."""

from __future__ import annotations

from django.urls import reverse

from biye.core.models import AuditEvent, Person, RoleGrant
from tests.conftest import make_person, page_rows

URL = reverse("people")


def test_R5_3_graduate_school_grants_a_handler_for_a_college(people, client):
    client.force_login(people.gs)
    resp = client.post(URL, {"username": "newhandler", "display_name": "新经办人", "role": "handler", "college": "03"})
    assert resp.status_code == 302
    person = Person.objects.get(username="newhandler")
    assert not person.has_usable_password()
    assert RoleGrant.objects.filter(person=person, role="handler", college=people.college_b).exists()
    assert set(AuditEvent.objects.values_list("action", flat=True)) == {"core.create_person", "core.grant_role"}
    client.force_login(person)
    assert client.get(reverse("college_home", args=["03"])).status_code == 200
    assert client.get(reverse("college_home", args=["07"])).status_code == 404


def test_R5_3_bad_grants_are_refused_with_what_to_fix(people, client):
    client.force_login(people.gs)
    html = client.post(URL, {"username": "ghost", "role": "gs"}).content.decode()
    assert "新建账号请同时填写姓名" in html
    html = client.post(URL, {"username": "T1001", "role": "dean"}).content.decode()
    assert "须指定学院" in html
    assert not Person.objects.filter(username="ghost").exists()
    assert not RoleGrant.objects.filter(person=people.advisor, role="dean").exists()
    assert not AuditEvent.objects.exists()


def test_R5_3_revoke_and_the_last_graduate_school_member_stays(people, client):
    client.force_login(people.gs)
    grant = RoleGrant.objects.get(person=people.handler_b, role="handler")
    assert client.post(reverse("revoke_role"), {"grant": grant.pk}).status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    assert AuditEvent.objects.filter(action="core.revoke_role").count() == 1
    own = RoleGrant.objects.get(person=people.gs, role="gs")
    resp = client.post(reverse("revoke_role"), {"grant": own.pk}, follow=True)
    assert "最后一位研究生院工作人员" in resp.content.decode()
    assert RoleGrant.objects.filter(pk=own.pk).exists()


def test_R5_3_only_the_graduate_school_sees_or_changes_roles(people, client):
    grant = RoleGrant.objects.get(person=people.handler_b, role="handler")
    for person in (people.handler_a, people.dean_a, people.student_a1.person, people.vendor, people.advisor):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"username": "x", "display_name": "x", "role": "gs"}).status_code == 403
        assert client.post(reverse("revoke_role"), {"grant": grant.pk}).status_code == 403
    assert RoleGrant.objects.filter(pk=grant.pk).exists()
    assert not Person.objects.filter(username="x").exists()


def test_R5_3_people_page_query_count_holds_as_grants_grow(people, client, django_assert_max_num_queries):
    client.force_login(people.gs)
    with django_assert_max_num_queries(12):
        small = client.get(URL)
    assert len(page_rows(small)) == 7  # the house fixture's grants
    for i in range(60):
        make_person(f"h{i}", ("handler", people.college_a))
    with django_assert_max_num_queries(12):
        resp = client.get(URL)
    assert len(page_rows(resp)) == resp.context["page"].paginator.per_page
    assert resp.context["page"].paginator.count == 67
    assert "第 1 / 2 页" in resp.content.decode()


def test_R5_3_a_refused_grant_leaves_no_new_account_behind(people, client):
    client.force_login(people.gs)
    html = client.post(URL, {"username": "halfway", "display_name": "半途", "role": "dean"}).content.decode()
    assert "须指定学院" in html
    assert not Person.objects.filter(username="halfway").exists()
    assert not AuditEvent.objects.exists()


def test_R5_3_a_tampered_revoke_is_not_found_rather_than_a_server_error(people, client):
    """The revoke button posts a grant id; a hand-edited value must not crash the page or touch any role."""
    client.force_login(people.gs)
    before = RoleGrant.objects.count()
    for value in ("abc", "", "-1", "1.5", "99999"):
        assert client.post(reverse("revoke_role"), {"grant": value}).status_code == 404, value
    assert client.post(reverse("revoke_role"), {}).status_code == 404
    assert RoleGrant.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_R5_3_a_new_username_must_be_a_valid_login_name(people, client):
    client.force_login(people.gs)
    html = client.post(URL, {"username": "a b<c>", "display_name": "某人", "role": "gs"}).content.decode()
    assert "用户名只能包含字母、数字" in html
    assert not Person.objects.filter(username="a b<c>").exists()
