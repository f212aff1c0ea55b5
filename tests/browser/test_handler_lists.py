"""Issue 8, done when: a handler records paper confirmations for many students at once (R2.5: tick, one date),
after 按建议补全 has said how many it will fill, and prints the list (every row, the college, the date, signature
lines, no navigation). Through the pages of a real demo server; the calendar is moved by demo-gs on /gs/calendar/.

A college other than the example college is used, so that the pinyin flow's unfiled students stay unfiled."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from biye.core.models import Role
from biye.demo.university import EXAMPLE_COLLEGE, handler_username
from biye.demo.synthetic import COLLEGES
from tests.browser.conftest import days_from_now, password, shanghai_now

pytestmark = pytest.mark.browser

COLLEGE = next(c.code for c in COLLEGES if c.code != EXAMPLE_COLLEGE)
LIST = f"/names/college/{COLLEGE}/"


def test_R2_5_handler_records_paper_confirmations_in_bulk_and_prints_the_list(page_as, move_deadlines):
    # After the students' filing deadline, before the college's: the college fills in and takes confirmations.
    move_deadlines(pinyin_filing=(None, days_from_now(-1)), verification_submit=(None, days_from_now(2)))
    handler = page_as(handler_username(COLLEGE), password(Role.HANDLER))
    handler.goto(LIST)

    # 按建议补全 asks first, saying how many it will fill.
    if handler.locator("#fill-blanks-ask").count():
        handler.click("#fill-blanks-ask")
        expect(handler.locator("#fill-blanks-confirm")).to_contain_text(re.compile(r"将为 \d+ 名未填报的学生"))
        handler.click("#fill-blanks")
        expect(handler.locator(".messages")).to_contain_text("已按建议补全")

    # Tick three students whose spelling is not yet confirmed; one date for all.
    handler.goto(f"{LIST}?status=not_confirmed")
    expect(handler.locator("#active-filter")).to_contain_text("状态：未确认")
    ticks = handler.locator("#pinyin-table input[type=checkbox][name=students]")
    assert ticks.count() >= 3, "the college has unconfirmed spellings to tick"
    numbers = []
    for i in range(3):
        ticks.nth(i).check()
        numbers.append(ticks.nth(i).get_attribute("id").removeprefix("tick-"))
    today = shanghai_now().date().isoformat()
    handler.fill("#bulk-signed-on", today)
    handler.click("#bulk-paper-submit")
    expect(handler.locator(".messages")).to_contain_text(f"已登记 3 名学生的纸质签字确认（签字日期 {today}）")
    for number in numbers:
        handler.goto(f"{LIST}?q={number}")
        expect(handler.locator(f"#pinyin-row-{number} td.confirmation")).to_contain_text("纸质签字确认")
        expect(handler.locator(f"#pinyin-row-{number} td.confirmation")).to_contain_text(today)

    # Print the list as filtered: every row (not one page), the college, the date, signature lines, no menu.
    handler.goto(f"{LIST}?status=confirmed")
    shown = int(re.search(r"共 (\d+) 条", handler.locator(".pager").inner_text()).group(1))
    with handler.context.expect_page() as opened:
        handler.click("#print-view")
    printed = opened.value
    printed.wait_for_load_state()
    expect(printed.locator(".main-nav")).to_have_count(0)
    expect(printed.locator("#print-meta")).to_contain_text(COLLEGE)
    expect(printed.locator("#print-meta")).to_contain_text(today)
    expect(printed.locator("#print-table tbody tr")).to_have_count(shown)
    for number in numbers:
        expect(printed.locator("#print-table")).to_contain_text(number)
    expect(printed.locator("#signatures")).to_contain_text("经办人签字")
    expect(printed.locator("#signatures")).to_contain_text("主管院长签字")
    printed.emulate_media(media="print")
    expect(printed.locator("#do-print")).to_be_hidden()  # the print button is not printed
