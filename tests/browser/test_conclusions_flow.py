"""Issue 11, done when: a 结业 application goes from the student to the advisor to the college and into the
college's 附件8 (R3.3, R3.5), through the pages of a real demo server, at desktop and phone width."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from python_calamine import CalamineWorkbook

from biye.demo.university import DEMO_MARKER, EXAMPLE_COLLEGE, handler_username
from biye.core.models import Role
from tests.browser.conftest import password

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SHOTS = Path("/tmp/biye-shots")
COLLEGE = f"/conclusions/college/{EXAMPLE_COLLEGE}/"


def _shoot(pg: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / name))  # what a person sees first; the college list is long


def _student_who_may_complete(handler: Page) -> tuple[str, str, str]:
    """(学号, 姓名, 导师工号) of a listed graduate whose defense failed, who has no conclusion yet and whose only
    missing condition for 结业 is the application (R3.3), found as the handler would: on the college list."""
    handler.goto(COLLEGE)
    rows = handler.locator("#conclusion-table tbody tr")
    for i in range(rows.count()):
        row = rows.nth(i)
        reasons = row.locator('li[data-conclusion="结业"]').inner_text()
        if ("未通过" in row.locator("td").nth(2).inner_text() and not row.locator(".conclusion").count()
                and reasons.split("：", 1)[1].startswith("没有学院批准")):
            number, name = row.locator("td").nth(0).inner_text().strip(), row.locator("td").nth(1).inner_text()
            row.locator("td a").first.click()
            advisor = handler.locator("#advisor-number")
            if advisor.count() and "无系统账号" not in handler.locator("#advisor").inner_text():
                return number, name.strip().splitlines()[0], advisor.inner_text().strip()
            handler.goto(COLLEGE)
    pytest.fail("the example college has no graduate with a failed defense who may still apply for 结业")


def _set_graduation_date(gs: Page) -> None:
    """The Graduate School sets the summer BYRQ on the settings page; the study period is measured to it (the
    demo's calendar is moved to today, which would put every 2015 entrant past five years)."""
    gs.goto("/gs/campaign/")
    gs.fill("#id_summer_graduation_date", "2020-06-30")
    gs.click("form.card button[type=submit]")
    expect(gs.locator(".messages")).to_contain_text("已保存")


def test_R3_3_a_completion_goes_from_student_to_advisor_to_college_and_into_the_report(page_as):
    _set_graduation_date(page_as(DEMO_MARKER, password(Role.GRADUATE_SCHOOL)))
    handler = page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER))
    handler.goto(COLLEGE)
    expect(handler.locator("h1")).to_contain_text("毕业结论")
    _shoot(handler, "conclusions-college-desktop.png")
    number, name, advisor_number = _student_who_may_complete(handler)

    student = page_as(number, password(Role.STUDENT), viewport=PHONE)
    student.click("#nav-conclusion-me")
    expect(student.locator("h1")).to_have_text("毕业结论")
    expect(student.locator('li[data-conclusion="结业"] .reason')).to_contain_text("没有学院批准的“结业”申请")
    student.select_option("#id_kind", "结业")
    student.fill("#id_reason", "论文实验未完成，申请结业")
    student.click("#apply")
    expect(student.locator(".messages")).to_contain_text("申请已提交")
    expect(student.locator(".application").first).to_contain_text("待导师签字")
    assert student.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shoot(student, "conclusions-student-phone.png")

    advisor = page_as(advisor_number, password(Role.ADVISOR))
    advisor.click("#nav-conclusion-advisor")
    card = advisor.locator(".application", has_text=number).filter(has_text="待导师签字")
    expect(card).to_contain_text("论文实验未完成")
    card.locator("button[value=sign]").click()
    expect(advisor.locator(".messages")).to_contain_text("已签字")

    # The college confirms the programme status, approves, and proposes 结业.
    handler.goto(COLLEGE + f"?q={number}")
    handler.locator("#conclusion-table tbody tr td a", has_text=number).click()
    handler.select_option("#id_programme_done", "yes")
    handler.select_option("#id_grades_passed", "yes")
    handler.click("#standing-form button[type=submit]")
    expect(handler.locator(".messages")).to_contain_text("已保存")
    handler.locator(".application").first.locator("button[value=approve]").click()
    expect(handler.locator(".messages")).to_contain_text("已批准")
    handler.goto(COLLEGE + f"?q={number}")
    row = handler.locator("#conclusion-table tbody tr", has_text=number)
    row.locator("select").select_option("结业")
    row.locator("button", has_text="拟定").click()
    expect(handler.locator(".messages")).to_contain_text("已拟定“结业”")
    expect(handler.locator("#conclusion-table tbody tr", has_text=number).locator(".conclusion")).to_have_text("结业")
    with handler.expect_download() as download:
        handler.click("#download-xlsx")
    data = Path(download.value.path()).read_bytes()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    assert re.match(r".+\d{4}年夏季研究生毕业结论$", rows[0][0])
    mine = next(r for r in rows if r[1] == number)
    # A 结业 after a failed defense keeps its defense date and grade (blank only without a defense, R3.5).
    assert mine[2] == name and mine[11] == "结业" and mine[10] == "不及格" and mine[9]

    student.goto("/conclusions/me/")
    expect(student.locator(".application").first).to_contain_text("学院已批准")
    expect(student.locator("#my-conclusion")).to_contain_text("结业")
    _shoot(student, "conclusions-student-approved-phone.png")
    handler.set_viewport_size(PHONE)
    handler.goto(COLLEGE + f"?q={number}")
    _shoot(handler, "conclusions-college-phone.png")
    student.set_viewport_size({"width": 1280, "height": 900})
    _shoot(student, "conclusions-student-desktop.png")
