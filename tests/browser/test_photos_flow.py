"""Issue 4, done when: a college handler records a student's paper photo after a studio make-up (R1.5), and the
student counts as collected and is no longer blocked from registration (R1.6). The make-up window is moved by
demo-gs on /gs/calendar/; outside it the handler is refused and nothing changes."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from biye.demo.university import EXAMPLE_COLLEGE, handler_username
from biye.core.models import Role
from tests.browser.conftest import days_from_now, shanghai_now, password

pytestmark = pytest.mark.browser


def _record_paper_photo(handler: Page, row_id: str, received_on: str) -> None:
    """From list A, the handler opens the student's 记录纸质照片 page, enters the date received and submits."""
    handler.goto("/photos/list/a/")
    handler.locator(f"#{row_id}").get_by_role("link", name=re.compile("纸质照片")).click()
    expect(handler.locator("h1")).to_have_text("记录纸质照片")
    handler.fill("#paper-form input[type=date]", received_on)
    handler.locator("#paper-form button[type=submit]").click()


def test_R1_5_R1_6_college_records_paper_photo_and_student_is_no_longer_blocked(page_as, move_deadlines):
    handler = page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER))
    handler.locator("header nav a", has_text="图像采集名单").click()
    expect(handler).to_have_url(re.compile("/photos/list/a/$"))
    expect(handler.locator("h2")).to_contain_text("附件1")

    # A student of list A with no photo: marked as unable to register, with the button to record a paper photo.
    row = handler.locator("table.students tbody tr", has=handler.get_by_role("link", name=re.compile("纸质照片"))).first
    row_id = row.get_attribute("id")
    number = row.locator("td").nth(0).inner_text().strip()
    name = row.locator("td").nth(1).inner_text().strip()
    expect(row).to_contain_text("无法学历注册")

    student = page_as(number, password(Role.STUDENT))
    expect(student.locator("#blocked-photo-alert")).to_be_visible()
    expect(student.locator("#task-photo .blocked")).to_be_visible()

    # After the make-up deadline the college can no longer record it (the server's clock decides).
    move_deadlines(photo_makeup=(days_from_now(-3), days_from_now(-1)))
    _record_paper_photo(handler, row_id, days_from_now(-2).date().isoformat())
    expect(handler.locator("#paper-form")).to_contain_text("最晚补采集时间已过")
    handler.goto("/photos/list/a/")
    expect(handler.locator(f"#{row_id}")).to_contain_text("无法学历注册")

    # Inside the make-up window (the notice: until 06-20) it is recorded.
    move_deadlines(photo_makeup=(days_from_now(-2), days_from_now(1)))
    # Received today: not before the campaign's collection began (the demo's began today) nor after today.
    received_on = shanghai_now().date().isoformat()
    _record_paper_photo(handler, row_id, received_on)
    expect(handler.locator(".messages")).to_contain_text(f"已记录 {name}（{number}）的纸质照片")
    expect(handler).to_have_url(re.compile(rf"/photos/list/a/\?college={EXAMPLE_COLLEGE}$"))
    # 附件1 is the list as published: the student stays on it, now collected at the studio with the paper
    # photo's date, no longer blocked, and the paper photo cannot be recorded twice.
    handler.goto(f"/photos/list/a/?college={EXAMPLE_COLLEGE}&q={number}")
    collected = handler.locator(f"#{row_id}")
    expect(collected).to_contain_text("已采集（影像中心")
    expect(collected).to_contain_text(received_on)
    expect(collected).not_to_contain_text("无法学历注册")
    expect(collected.get_by_role("link", name=re.compile("纸质照片"))).to_have_count(0)
    # 附件2 stays those who already had a photo.
    handler.goto(f"/photos/list/b/?college={EXAMPLE_COLLEGE}&q={number}")
    expect(handler.locator(f"#{row_id}")).to_have_count(0)

    # The college's own student list agrees.
    handler.goto(f"/college/{EXAMPLE_COLLEGE}/?q={number}")
    college_row = handler.locator("table.students tbody tr", has_text=number)
    expect(college_row).to_contain_text("已采集")
    expect(college_row).not_to_contain_text("无法注册")

    # And the student's checklist no longer says they cannot be registered.
    student.reload()
    expect(student.locator("#blocked-photo-alert")).to_have_count(0)
    expect(student.locator("#task-photo .blocked")).to_have_count(0)
    expect(student.locator("#task-photo .badge")).to_have_text("已完成")
