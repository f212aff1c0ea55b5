"""Issue 10, done when: a browser takes one correction from the student (with an evidence file) through the handler
to the Graduate School and sees the record changed (R2.7). The sheet window (信息核对表, 06-18) is moved by demo-gs
on /gs/calendar/ first, as the Graduate School would; screenshots at desktop and phone width go to
$BIYE_SCREENSHOTS when it is set."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from biye.demo.university import EXAMPLE_COLLEGE, handler_username
from biye.core.models import Role
from tests.browser.conftest import days_from_now, password

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("BIYE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _png(tmp_path: Path) -> Path:
    from PIL import Image

    path = tmp_path / "户籍证明.png"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (240, 240, 240)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_R2_7_a_correction_with_an_evidence_file_from_the_student_through_the_college_to_the_gs(
        page_as, move_deadlines, tmp_path):
    move_deadlines(verification_submit=(None, days_from_now(5)))
    handler = page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER))
    handler.click("#nav-records-college")
    expect(handler.locator("h1")).to_contain_text("学籍核对与更正")
    number = handler.locator("#unchecked tbody tr.unchecked-row td a").first.inner_text().strip()

    student = page_as(number, password(Role.STUDENT))
    student.click("#nav-record-check")
    expect(student.locator("h1")).to_have_text("核对和修改个人信息：学籍信息")
    fields = student.locator("#record-fields")
    for label in ("姓名", "性别", "学号", "民族", "出生日期", "证件号码", "专业", "培养层次"):
        expect(fields.locator("dt", has_text=label)).to_have_count(1)
    old = fields.locator("dt:text-is('民族') + dd").inner_text().strip()
    new = "回族" if old != "回族" else "满族"
    _shot(student, "student-check-desktop")
    # A file that only claims to be a photo is refused, and nothing is stored.
    fake = tmp_path / "假照片.jpg"
    fake.write_bytes(b"this is not a photo")
    student.fill("#id_ethnicity", new)
    student.fill("#id_reason", "户籍证明上的民族与学籍不符")
    student.set_input_files("#id_files", str(fake))
    student.click("#correction-submit")
    expect(student.locator("#correction-form")).to_contain_text("不是 PDF、JPG 或 PNG 文件")
    student.fill("#id_ethnicity", new)
    student.fill("#id_reason", "户籍证明上的民族与学籍不符")
    student.set_input_files("#id_files", str(_png(tmp_path)))
    student.click("#correction-submit")
    expect(student.locator(".messages")).to_contain_text("更正申请已提交")
    expect(student.locator("[id^=correction-]").first).to_contain_text("待学院审核")

    handler.reload()
    _shot(handler, "handler-college-desktop")
    handler.locator("a", has_text=number).first.click()
    expect(handler.locator("#evidence-files")).to_contain_text("户籍证明.png")
    with handler.expect_download() as download:
        handler.locator("#evidence-files a").first.click()
    assert download.value.suggested_filename.endswith(".png")
    handler.check("input[name=decision][value=approve]")
    handler.click("#decision-submit")
    expect(handler.locator("#correction-status")).to_have_text("待研究生院审核")
    correction_url = handler.url

    gs = page_as("demo-gs", password(Role.GRADUATE_SCHOOL))
    gs.click("#nav-records-gs")
    expect(gs.locator("h1")).to_have_text("学籍更正审核")
    _shot(gs, "gs-queue-desktop")
    gs.goto(correction_url)
    gs.check("input[name=decision][value=approve]")
    gs.fill("#id_note", "材料齐全，同意")
    gs.click("#decision-submit")
    expect(gs.locator("#correction-status")).to_have_text("已批准，学籍已更正")
    _shot(gs, "gs-correction-desktop")

    student.goto("/me/record/")
    expect(student.locator("dl.record")).to_contain_text(new)
    expect(student.locator("#corrected-fields")).to_contain_text("民族")
    student.goto("/records/me/")
    expect(student.locator("[id^=correction-]").first).to_contain_text("已批准，学籍已更正")

    phone_student = page_as(number, password(Role.STUDENT), **PHONE)
    phone_student.goto("/records/me/")
    _shot(phone_student, "student-check-phone")
    phone_handler = page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER), **PHONE)
    phone_handler.goto(f"/records/college/{EXAMPLE_COLLEGE}/")
    _shot(phone_handler, "handler-college-phone")
    phone_gs = page_as("demo-gs", password(Role.GRADUATE_SCHOOL), **PHONE)
    phone_gs.goto("/records/disciplines/")
    _shot(phone_gs, "gs-disciplines-phone")
    gs.goto("/records/disciplines/")
    _shot(gs, "gs-disciplines-desktop")
    handler.goto(f"/records/college/{EXAMPLE_COLLEGE}/findings/")
    _shot(handler, "handler-findings-desktop")
