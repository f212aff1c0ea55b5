"""Every list page of the core answers in a fixed number of queries however many rows it lists (STYLE.md)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from biye.core import audit
from tests.conftest import make_student

MAX_QUERIES = 20


def _grow(people, n: int) -> None:
    for _ in range(n):
        student = make_student(people.campaign, people.college_a, people.discipline, login=False,
                               advisor=people.advisor, advisor_number="T1001", training_type="定向")
        audit.record(people.gs, "test.touch", student, before={"name": "甲"}, after={"name": student.name})


@pytest.mark.parametrize(("who", "url"), [
    ("gs", "audit"),
    ("advisor", "advisor_home"),
    ("archives", "archives_home"),
])
def test_R0_3_R5_3_list_page_query_count_holds_as_rows_grow(client, people, django_assert_max_num_queries, who, url):
    client.force_login(getattr(people, who))
    _grow(people, 3)
    with django_assert_max_num_queries(MAX_QUERIES):
        small = client.get(reverse(url))
    _grow(people, 60)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = client.get(reverse(url))
    assert small.status_code == large.status_code == 200
    page = large.context["page"]
    assert page.paginator.count > page.paginator.per_page  # the page lists one page of many rows
    assert len(page.object_list) == page.paginator.per_page
