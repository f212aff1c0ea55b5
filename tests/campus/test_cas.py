"""R0.1: the campus way in — 统一身份认证 (CAS 2.0/3.0) against a small CAS server the tests start themselves."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from biye.core.models import Person


def _to_cas_and_back(client, cas, username: str, *, next_url: str = "/") -> object:
    """What a browser does: Biye sends it to the CAS login, the CAS sends it back with a ticket."""
    resp = client.get(reverse("cas_ng_login"), {"next": next_url})
    assert resp.status_code == 302 and resp["Location"].startswith(cas.url + "login?")
    service = parse_qs(urlparse(resp["Location"]).query)["service"][0]
    ticket = cas.issue(username, service)
    back = urlparse(service)
    return client.get(back.path, {**{k: v[0] for k, v in parse_qs(back.query).items()}, "ticket": ticket})


def test_R0_1_login_page_offers_campus_login_only_when_cas_is_configured(client, people, settings):
    settings.CAS_SERVER_URL = ""
    page = client.get(reverse("login")).content.decode()
    assert "统一身份认证登录" not in page and 'id="id_password"' in page
    assert client.get(reverse("cas_ng_login")).status_code == 404


@pytest.mark.parametrize("version, path", [("3", "/p3/serviceValidate"), ("2", "/serviceValidate")])
def test_R0_1_student_logs_in_through_cas_with_their_student_number(client, people, cas, settings, version, path):
    settings.CAS_VERSION = version
    page = client.get(reverse("login")).content.decode()
    assert "统一身份认证登录" in page
    student = people.student_a1
    accounts = Person.objects.count()
    resp = _to_cas_and_back(client, cas, student.number, next_url="/me/")
    assert resp.status_code == 302 and resp["Location"] == "/me/"
    assert [p for p, _t in cas.validations] == [path]
    home = client.get("/me/")
    assert home.status_code == 200 and student.name in home.content.decode()
    assert Person.objects.count() == accounts


def test_R0_1_staff_logs_in_through_cas_with_their_staff_number(client, people, cas):
    resp = _to_cas_and_back(client, cas, "handler_a")
    assert resp.status_code == 302
    page = client.get(resp["Location"], follow=True)
    assert page.status_code == 200 and people.college_a.name in page.content.decode()


def test_R0_1_a_ticket_the_cas_server_refuses_logs_nobody_in(client, people, cas):
    resp = client.get(reverse("cas_ng_login"), {"next": "/", "ticket": "ST-forged"})
    body = resp.content.decode()
    assert resp.status_code == 403 and 'id="cas-failed"' in body and "统一身份认证未通过" in body
    assert cas.validations == [("/p3/serviceValidate", "ST-forged")]
    assert client.get("/me/").status_code == 302  # still anonymous: sent to the login page


def test_R0_1_a_ticket_is_good_once(client, people, cas):
    resp = client.get(reverse("cas_ng_login"), {"next": "/"})
    service = parse_qs(urlparse(resp["Location"]).query)["service"][0]
    ticket = cas.issue(people.student_a1.number, service)
    assert client.get(reverse("cas_ng_login"), {"next": "/", "ticket": ticket}).status_code == 302
    client.logout()
    replay = client.get(reverse("cas_ng_login"), {"next": "/", "ticket": ticket})
    assert replay.status_code == 403 and 'id="cas-failed"' in replay.content.decode()


def test_R0_1_cas_user_without_an_account_is_told_whom_to_ask_and_no_account_is_made(client, people, cas):
    before = Person.objects.count()
    resp = _to_cas_and_back(client, cas, "2099000001")
    body = resp.content.decode()
    assert resp.status_code == 403 and 'id="cas-unknown"' in body
    assert "2099000001" in body and "本系统中没有与之对应的账号" in body
    assert "张老师" in body and "info@example.edu.cn" in body  # the Graduate School's division contacts
    assert Person.objects.count() == before and not Person.objects.filter(username="2099000001").exists()
    assert client.get("/me/").status_code == 302


def test_R0_1_a_deactivated_account_cannot_come_in_through_cas(client, people, cas):
    Person.objects.filter(pk=people.handler_a.pk).update(is_active=False)
    resp = _to_cas_and_back(client, cas, "handler_a")
    assert resp.status_code == 403 and 'id="cas-unknown"' in resp.content.decode()


def test_R0_1_logout_ends_the_cas_session_too(client, people, cas):
    _to_cas_and_back(client, cas, people.student_a1.number)
    resp = client.post(reverse("logout"))
    assert resp.status_code == 302 and resp["Location"] == reverse("campus_logout")
    page = client.get(resp["Location"])
    to_cas = page.context["cas_logout"]
    assert page.status_code == 200 and to_cas.startswith(cas.url + "logout?")
    assert f'http-equiv="refresh" content="0;url={to_cas.replace("&", "&amp;")}"' in page.content.decode()
    assert parse_qs(urlparse(to_cas).query)["service"] == ["http://testserver/login/"]
    assert client.get("/me/").status_code == 302


def test_R0_1_logout_without_cas_goes_back_to_the_login_page(client, people, settings):
    settings.CAS_SERVER_URL = ""
    client.force_login(people.gs)
    resp = client.post(reverse("logout"), follow=True)
    assert resp.redirect_chain[-1][0] == reverse("login") and resp.status_code == 200


def test_R0_1_campus_login_refuses_a_next_page_on_another_site(client, people, cas):
    assert client.get(reverse("cas_ng_login"), {"next": "https://evil.example.com/"}).status_code == 400
    resp = client.get(reverse("cas_ng_login"), {"next": "//evil.example.com/", "ticket": "ST-x"})
    assert resp.status_code == 400 and not cas.validations


def _password_login(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": "pw-" + username})


def test_R0_1_outside_policy_keeps_passwords_for_the_vendor_only(client, people, cas, settings):
    settings.BIYE_LOCAL_LOGIN = "outside"
    page = client.get(reverse("login")).content.decode()
    assert "仅供没有学校统一身份认证账号的用户" in page and 'id="id_password"' in page
    refused = _password_login(client, people.student_a1.number)
    assert refused.status_code == 200 and 'id="login-use-campus"' in refused.content.decode()
    assert client.get("/me/").status_code == 302
    assert _password_login(client, "vendor").status_code == 302  # the photo vendor has no campus identity


def test_R0_1_outside_policy_admits_the_listed_accounts(client, people, cas, settings):
    settings.BIYE_LOCAL_LOGIN = "outside"
    settings.BIYE_LOCAL_LOGIN_ACCOUNTS = frozenset({"gs"})
    assert _password_login(client, "gs").status_code == 302
    client.logout()
    assert _password_login(client, "handler_a").status_code == 200


def test_R0_1_none_policy_hides_the_password_form(client, people, cas, settings):
    settings.BIYE_LOCAL_LOGIN = "none"
    page = client.get(reverse("login")).content.decode()
    assert "统一身份认证登录" in page and 'id="id_password"' not in page
    assert _password_login(client, "vendor").status_code == 200
    assert client.get("/photos/vendor/").status_code == 302


def test_R0_1_wrong_password_under_the_outside_policy_says_nothing_about_the_password(client, people, cas, settings):
    """A campus account is refused before its password is looked at: right or wrong, the same answer."""
    settings.BIYE_LOCAL_LOGIN = "outside"
    right = _password_login(client, "handler_a").content.decode()
    wrong = client.post(reverse("login"), {"username": "handler_a", "password": "nope"}).content.decode()
    assert 'id="login-use-campus"' in right and 'id="login-use-campus"' in wrong
