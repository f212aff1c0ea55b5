"""Issue 16: a privacy page anyone can read (linked from the login page and every page), and staff sessions that
end after inactivity while students keep theirs for the working day."""

from __future__ import annotations

from biye.core.models import Campaign


def test_R5_3_privacy_page_is_open_and_linked_from_login_and_student_pages(people, client):
    Campaign.objects.filter(pk=people.campaign.pk).update(retention_years=5)
    page = client.get("/privacy/")
    html = page.content.decode()
    assert page.status_code == 200 and "个人信息保护说明" in html
    for part in ("本系统保存哪些信息", "为什么需要这些信息", "谁能看到", "保存多久", "有疑问找谁", "保存 5 年", "30 分钟"):
        assert part in html, part
    assert 'href="/privacy/"' in client.get("/login/").content.decode()
    client.force_login(people.student_a1.person)
    for url in ("/me/", "/me/record/", "/photos/me/"):
        resp = client.get(url)
        assert resp.status_code == 200 and 'href="/privacy/"' in resp.content.decode(), url


def test_R5_3_a_staff_session_ends_after_30_idle_minutes(people, client, clock, settings):
    assert settings.BIYE_STAFF_IDLE_MINUTES == 30
    client.force_login(people.handler_a)
    clock(2020, 6, 10, 9, 0)
    assert client.get("/college/07/").status_code == 200
    clock(2020, 6, 10, 9, 29)
    assert client.get("/college/07/").status_code == 200  # 29 minutes later: still in
    clock(2020, 6, 10, 9, 58)
    assert client.get("/college/07/").status_code == 200  # 29 minutes after the last request: still in
    clock(2020, 6, 10, 10, 29)
    resp = client.get("/college/07/")
    assert resp.status_code == 302 and resp["Location"].startswith("/login/?next=/college/07/")
    login_page = client.get(resp["Location"]).content.decode()
    assert "已超过 30 分钟没有操作" in login_page
    assert client.get("/college/07/").status_code == 302  # logged out for good


def test_R5_3_a_students_session_lasts_the_working_day(people, client, clock, settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    client.force_login(people.student_a1.person)
    clock(2020, 6, 10, 9, 0)
    assert client.get("/me/").status_code == 200
    clock(2020, 6, 10, 11, 0)
    assert client.get("/me/").status_code == 200  # two idle hours: a student is not logged out


def test_R5_3_the_idle_limit_is_a_setting(people, client, clock, settings):
    settings.BIYE_STAFF_IDLE_MINUTES = 5
    client.force_login(people.gs)
    clock(2020, 6, 10, 9, 0)
    assert client.get("/gs/").status_code == 200
    clock(2020, 6, 10, 9, 6)
    assert client.get("/gs/").status_code == 302
