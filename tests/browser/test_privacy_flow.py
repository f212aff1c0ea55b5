"""Issue 16 in a real browser: the record page masks the ID number until the handler clicks to reveal it, and the
Graduate School finds that download on 数据导出记录 — each at desktop and phone width (screenshots under
/tmp/biye-shots/ for a person to look at)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from biye.core.models import Role
from biye.demo.university import DEMO_MARKER, EXAMPLE_COLLEGE, handler_username
from tests.browser.conftest import password
from tests.browser.test_roles import PHONE, _shoot

pytestmark = pytest.mark.browser
MASKED = re.compile(r"^\w{6}\*{8}\w{4}$")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_R5_3_record_page_masks_the_id_number_until_revealed(page_as, width):
    extra = {"viewport": PHONE} if width == "phone" else {"viewport": {"width": 1280, "height": 900}}
    handler = page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER), **extra)
    handler.goto(f"/college/{EXAMPLE_COLLEGE}/")
    handler.locator("table.students tbody tr a").first.click()
    record = handler.url
    number = handler.locator("#id-number .nowrap")
    expect(number).to_have_text(MASKED)
    _shoot(handler, f"record-masked-{width}.png")
    handler.click("#reveal-id")
    expect(handler.locator("#id-number .nowrap")).to_have_text(re.compile(r"^\d{17}[\dX]$"))
    expect(handler.locator("#id-number")).to_contain_text("已记入操作记录")
    _shoot(handler, f"record-revealed-{width}.png")
    handler.goto(record)  # the next visit: masked again
    expect(handler.locator("#id-number .nowrap")).to_have_text(MASKED)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_R5_3_the_graduate_school_sees_a_download_on_the_export_log(page_as, width):
    extra = {"viewport": PHONE} if width == "phone" else {"viewport": {"width": 1280, "height": 900}}
    gs = page_as(DEMO_MARKER, password(Role.GRADUATE_SCHOOL), accept_downloads=True, **extra)
    with gs.expect_download() as download:
        gs.evaluate("url => { const a = document.createElement('a'); a.href = url; document.body.append(a); a.click(); }",
                    f"/photos/list/b/xlsx/?college={EXAMPLE_COLLEGE}")
    assert download.value.suggested_filename.endswith(".xlsx")
    gs.goto("/gs/exports/")
    expect(gs.locator("h1")).to_have_text("数据导出记录")
    first = gs.locator("table#exports tbody tr").first
    expect(first).to_contain_text("附件2")
    expect(first).to_contain_text("计算机学院")
    expect(first).to_contain_text(f"college={EXAMPLE_COLLEGE}")
    gs.select_option("#id_college", EXAMPLE_COLLEGE)
    gs.click("form.filters button")
    expect(gs.locator("table#exports tbody tr").first).to_contain_text("计算机学院")
    _shoot(gs, f"export-log-{width}.png")
