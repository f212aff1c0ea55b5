"""Issue 10, done when: a browser takes one college's 附件6 sheet through submit (its handler), sign-off (its dean,
from the dean's own account), return with a reason (the Graduate School) and resubmit, and checks what each of
them sees at each step; while the sheet is submitted the handler's pinyin change is refused (R2.9), and the
returned sheet makes the college late on the overview (R5.2).

The flow uses a college no other browser test touches (the sheet it leaves submitted freezes that college's
rows for the rest of the session). Screenshots at desktop and phone width go to $BIYE_SCREENSHOTS when set."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from biye.core.models import Role
from biye.demo.university import dean_username, handler_username
from tests.browser.conftest import days_from_now, password

pytestmark = pytest.mark.browser
COLLEGE = "110"  # 数学与统计学院
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PANEL = "#submission-verification"
FROZEN = "该学院的信息核对表已报送，需研究生院退回后才能修改。"
HANDLER_NAME, DEAN_NAME = "数学与统计学院研究生秘书", "数学与统计学院主管院长"
WHEN = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"
REASON = "第12行学生的英文专业名称与附件5不一致，请核对后重新报送"


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("BIYE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _a_student_with_a_chinese_name(handler: Page) -> str:
    """The names page of a 双证 student of the college whose spelling the handler may change."""
    handler.goto(f"/names/college/{COLLEGE}/")
    for row in handler.locator("#pinyin-table tbody tr").all():
        if re.search(r"[\u4e00-\u9fff]", row.locator("td.name").inner_text()):
            return row.locator("td.number a").get_attribute("href")
    raise AssertionError("the college has no student with a Chinese name on the first page")


def _change_pinyin(handler: Page, href: str, spelling: str) -> None:
    """As the college writes a spelling that is not a reading of the name: with the reason it needs."""
    handler.goto(href)
    handler.fill("#pinyin-spelling", spelling)
    handler.fill("#pinyin-reason", "与护照上的写法一致")
    handler.click("#pinyin-submit")
    handler.wait_for_load_state()


def test_R2_9_R5_2_a_sheet_is_submitted_signed_returned_with_a_reason_and_resubmitted(page_as, move_deadlines):
    # The pinyin filing is over and the sheet is not yet due: the college may fill in spellings and submit.
    move_deadlines(pinyin_filing=(None, days_from_now(-1)), verification_submit=(None, days_from_now(5)))
    handler = page_as(handler_username(COLLEGE), password(Role.HANDLER))
    dean = page_as(dean_username(COLLEGE), password(Role.DEAN))
    gs = page_as("demo-gs", password(Role.GRADUATE_SCHOOL))

    # The handler finds the sheet on the college's records page: not submitted, downloadable, one button.
    handler.goto(f"/records/college/{COLLEGE}/")
    panel = handler.locator(PANEL)
    expect(panel.locator(".badge")).to_have_text("未报送")
    expect(handler.locator("#sheet-xlsx")).to_be_visible()
    expect(panel.locator("button[value=sign]")).to_have_count(0)
    _shot(handler, "sheet-handler-draft-desktop")
    panel.locator("button[value=submit]").click()
    expect(handler.locator(".messages")).to_contain_text("已报送研究生院，请主管院长签发")
    expect(panel.locator(".badge")).to_have_text("已报送，待主管院长签发")
    expect(panel.locator(".steps")).to_contain_text(re.compile(rf"经办人报送：{HANDLER_NAME}，{WHEN}"))
    expect(panel.locator(".steps")).not_to_contain_text("主管院长签发")
    expect(panel.locator("button")).to_have_count(0)  # nothing more to press until it is returned

    # While it is submitted the rows are frozen: a pinyin change is refused and nothing is stored.
    href = _a_student_with_a_chinese_name(handler)
    _change_pinyin(handler, href, "Xiu Gai")
    expect(handler.locator("#pinyin-form")).to_contain_text(FROZEN)
    handler.goto(href)
    expect(handler.locator("body")).not_to_contain_text("Xiu Gai")

    # The dean signs it off from their own account, on the college's page.
    dean.goto(f"/college/{COLLEGE}/")
    dpanel = dean.locator(PANEL)
    expect(dpanel.locator(".badge")).to_have_text("已报送，待主管院长签发")
    expect(dpanel.locator("button[value=submit]")).to_have_count(0)
    _shot(dean, "sheet-dean-to-sign-desktop")
    # Before signing, the dean reads the sheet: the PDF carries the handler's name, the dean's line still blank.
    with dean.expect_download() as download:
        dpanel.locator("a.submission-form").click()
    text = _pdf_text(download.value.path())
    assert "数学与统计学院2020年预毕业研究生信息核对表" in text and f"经办人：{HANDLER_NAME}" in text
    # The footer names who exported the file (the dean, here); the signature line must not carry the dean yet.
    assert not re.search(rf"主管院长：\s*{DEAN_NAME}", text)
    dpanel.locator("button[value=sign]").click()
    expect(dean.locator(".messages")).to_contain_text("已签发")
    expect(dpanel.locator(".badge")).to_have_text("院长已签发，待研究生院接收")
    expect(dpanel.locator(".steps")).to_contain_text(re.compile(rf"经办人报送：{HANDLER_NAME}，{WHEN}"))
    expect(dpanel.locator(".steps")).to_contain_text(re.compile(rf"主管院长签发：{DEAN_NAME}，{WHEN}"))

    # The Graduate School sees the state on the overview and returns the sheet with a reason.
    gs.goto("/gs/")
    expect(gs.locator(f"#submissions-{COLLEGE}")).to_contain_text("院长已签发，待研究生院接收")
    expect(gs.locator(f"#late-{COLLEGE}")).to_have_count(0)
    gs.locator(f"#submissions-{COLLEGE} a").click()
    gpanel = gs.locator(PANEL)
    expect(gpanel.locator("button[value=accept]")).to_be_visible()
    gpanel.locator("button[value=return]").click()  # without a reason: refused, the state stays
    expect(gs.locator(".messages")).to_contain_text("请写明退回原因")
    expect(gpanel.locator(".badge")).to_have_text("院长已签发，待研究生院接收")
    gpanel.locator("textarea[name=reason]").fill(REASON)
    gpanel.locator("button[value=return]").click()
    expect(gs.locator(".messages")).to_contain_text("已退回学院")
    expect(gpanel.locator(".badge")).to_have_text("已退回学院修改")
    gs.goto("/gs/")
    expect(gs.locator(f"#submissions-{COLLEGE}")).to_contain_text("已退回学院修改")
    expect(gs.locator(f"#late-{COLLEGE}")).to_contain_text(REASON)  # R5.2: a returned sheet makes the college late
    _shot(gs, "sheet-gs-overview-desktop")

    # The handler sees who returned it, when and why; the rows are free again; the sheet goes back.
    handler.goto(f"/records/college/{COLLEGE}/")
    expect(panel.locator(".badge")).to_have_text("已退回学院修改")
    expect(panel.locator(".return-reason")).to_have_text(REASON)
    expect(panel.locator(".steps")).to_contain_text(re.compile(rf"研究生院退回：王老师（业务主管），{WHEN}"))
    _shot(handler, "sheet-handler-returned-desktop")
    _change_pinyin(handler, href, "Xiu Gai")
    expect(handler.locator(".messages")).to_contain_text("姓名拼音已保存")
    handler.goto(f"/records/college/{COLLEGE}/")
    panel.locator("button[value=submit]", has_text="修改后重新报送").click()
    expect(panel.locator(".badge")).to_have_text("已报送，待主管院长签发")
    expect(panel.locator(".steps")).not_to_contain_text("主管院长签发")  # the dean signs the new submission again
    _change_pinyin(handler, href, "Zai Gai")
    expect(handler.locator("#pinyin-form")).to_contain_text(FROZEN)

    # The dean is asked again; on a phone the panel and its button are usable.
    phone_dean = page_as(dean_username(COLLEGE), password(Role.DEAN), **PHONE)
    phone_dean.goto(f"/college/{COLLEGE}/")
    expect(phone_dean.locator(f"{PANEL} .badge")).to_have_text("已报送，待主管院长签发")
    expect(phone_dean.locator(f"{PANEL} button[value=sign]")).to_be_visible()
    _shot(phone_dean, "sheet-dean-resubmitted-phone")
    gs.goto("/gs/")
    expect(gs.locator(f"#submissions-{COLLEGE}")).to_contain_text("已报送，待主管院长签发")
    expect(gs.locator(f"#late-{COLLEGE}")).to_be_visible()  # still late until the Graduate School accepts it
