"""Issue 8: errors are pages of the app, in Chinese, with the navigation; a 403 says what the person may do
instead; no page links a person to a page they may not open."""

from __future__ import annotations

import re

import pytest


def test_R0_3_a_403_is_an_app_page_that_says_why_and_what_to_do_instead(people, client):
    client.force_login(people.handler_a)
    response = client.get("/gs/calendar/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "只有研究生院工作人员可以进行此操作" in html  # why, in the refusal's own words
    assert 'class="main-nav"' in html  # the app's frame, with its navigation
    assert 'id="instead"' in html and 'href="/college/07/"' in html  # what they may open instead


def test_R0_3_a_404_is_an_app_page_with_the_persons_own_links(people, client):
    client.force_login(people.student_a1.person)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "没有找到该页面" in html and 'class="main-nav"' in html
    assert 'href="/me/"' in html


def test_R0_3_a_403_before_login_has_no_personal_links(db, client):
    from django.core.exceptions import PermissionDenied
    from django.test import RequestFactory
    from django.contrib.auth.models import AnonymousUser

    from biye.core.views import forbidden

    request = RequestFactory().get("/x/")
    request.user = AnonymousUser()
    html = forbidden(request, PermissionDenied("x")).content.decode()
    assert 'id="instead"' not in html and "返回首页" in html


@pytest.mark.parametrize("who", ["gs", "handler_a", "dean_a", "advisor", "vendor", "archives", "student_a1"])
def test_R0_3_no_page_links_a_person_to_a_page_they_may_not_open(people, client, who):
    """Follow every link on the person's home, own pages and their first links: none answers 403."""
    person = getattr(people, who)
    person = getattr(person, "person", person)
    client.force_login(person)
    seen: set[str] = set()
    todo = ["/"]
    for start in ("/me/", "/me/record/", f"/students/{people.student_a1.pk}/", "/college/07/", "/gs/"):
        todo.append(start)
    bad = []
    while todo and len(seen) < 60:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith(("/static/", "/logout")) or href in seen:
                continue
            answer = client.get(href)
            if answer.status_code == 403:
                bad.append(f"{url} -> {href}")
            elif answer.status_code == 200 and "html" in answer.get("Content-Type", ""):
                todo.append(href)
    assert not bad, bad
