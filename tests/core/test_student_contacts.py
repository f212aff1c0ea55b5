"""Issue 8: where a student is asked to act (their checklist, the photo page, the pinyin filing), they see whom to
ask: their college's handler and the division's Graduate School contact."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("url", ["/me/", "/photos/me/", "/names/me/"])
def test_R0_3_student_sees_the_college_handler_and_the_gs_contact(client, people, url):
    people.handler_a.email = "jbr@example.edu.cn"
    people.handler_a.save()
    client.force_login(people.student_a1.person)
    html = client.get(url).content.decode()
    contacts = html.split('id="student-contacts"')[1].split("</div>")[0]
    assert "经办人甲" in contacts and "jbr@example.edu.cn" in contacts
    assert "经办人乙" not in contacts  # another college's handler
    assert "张老师" in contacts and "info@example.edu.cn" in contacts  # 信息学部's Graduate School contact
