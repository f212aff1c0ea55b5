"""Issue 12, done when: a browser takes a certificate through hand-out, signing for and a refused reprint (R4.1,
R4.2). The flow takes a 单证 graduate's 学位证书 in 计算机学院, whose 附件8 the demo leaves to do, so the
certificate is the college's own to list (the demo's numbered diplomas are in 机械与车辆学院). Screenshots at desktop and phone width go to $BIYE_SCREENSHOTS."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from biye.core.models import Role
from biye.demo.university import EXAMPLE_COLLEGE, handler_username
from tests.browser.conftest import password

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("BIYE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_R4_1_R4_2_a_certificate_handed_over_signed_for_and_a_reprint_refused(page_as):
    handler = page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER))
    handler.click("#nav-diplomas")
    expect(handler.locator("h1")).to_contain_text("证书发放")
    handler.fill("#id_starts_at", "2020-07-01T09:00")
    handler.fill("#id_place", "主楼一层大厅")
    handler.check("input[name=methods][value=in_person]")
    handler.check("input[name=methods][value=post]")
    handler.click("#plan-form button[value=plan]")
    expect(handler.locator(".messages")).to_contain_text("已保存")
    handler.click("button[value=degree]")
    row = handler.locator("#certificates tr.certificate-row").first
    expect(row).to_contain_text("学位证书")
    number = row.locator("td").first.inner_text().strip()
    _shot(handler, "diplomas-college-desktop")
    # by post without a tracking number: refused, nothing handed over
    row.locator("select[name=method]").select_option("post")
    row.locator("button[value=hand]").click()
    expect(handler.locator("#refusal")).to_contain_text("快递单号")
    row = handler.locator("#certificates tr.certificate-row").first
    row.locator("select[name=method]").select_option("in_person")
    row.locator("button[value=hand]").click()
    expect(handler.locator("#certificates tr.certificate-row").first).to_contain_text("已发放")

    student = page_as(number, password(Role.STUDENT), **PHONE)
    student.goto("/me/")
    expect(student.locator("#task-diploma")).to_contain_text("主楼一层大厅")
    student.goto("/diplomas/me/")
    expect(student.locator("#plan")).to_contain_text("邮寄")
    _shot(student, "diplomas-mine-phone")
    student.locator("button[value=sign]").first.click()
    expect(student.locator(".messages")).to_contain_text("核对无误")
    student.locator("details summary").first.click()
    student.locator("input[name=reason]").first.fill("证书遗失")
    student.locator("button[value=reprint]").first.click()
    expect(student.locator("#refusal")).to_contain_text("学历证明书")
    expect(student.locator("#refusal")).to_contain_text("同等效力")
    _shot(student, "diplomas-refused-phone")
    expect(student.locator("body")).to_contain_text("证书遗失")  # the request is recorded and listed
