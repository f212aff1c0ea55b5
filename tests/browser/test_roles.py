"""Issue 2, the browser stage of CI: each role logs in to a real demo server and lands on its own home (R0.3,
R5.2), the login refuses a wrong password, the English switch works, the stylesheet loads, and the student's home
and the Graduate School's overview are usable (screenshots under /tmp/biye-shots/, for a person to look at)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from biye.demo.university import (
    ARCHIVES_USERNAME, DEMO_MARKER, DIVISIONS, EXAMPLE_COLLEGE, VENDOR_USERNAME, dean_username, handler_username,
)
from biye.core.models import Role
from biye.demo.synthetic import COLLEGES
from tests.browser.conftest import password

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/biye-shots")
PHONE = {"width": 390, "height": 844}
BRAND_RED = "rgb(139, 26, 26)"  # --brand in biye/static/biye/biye.css


def _example_division():
    college = next(c for c in COLLEGES if c.code == EXAMPLE_COLLEGE)
    return next(d for d in DIVISIONS if d.code == college.division)


def _first_student(handler: Page) -> tuple[str, str]:
    """(学号, 姓名) of the first student in the college's list, as the handler sees it."""
    handler.goto(f"/college/{EXAMPLE_COLLEGE}/")
    first = handler.locator("table.students tbody tr").first
    return first.locator("td").nth(0).inner_text().strip(), first.locator("td").nth(1).inner_text().strip()


def _shoot(pg: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / name), full_page=True)


def test_R5_2_graduate_school_lands_on_every_college_overview(page_as):
    gs = page_as(DEMO_MARKER, password(Role.GRADUATE_SCHOOL))
    expect(gs).to_have_url(re.compile("/gs/$"))
    expect(gs.locator("h1")).to_contain_text("各学院进度")
    rows = gs.locator("table.overview tbody tr")
    expect(rows).to_have_count(len(COLLEGES))
    expect(gs.locator("table.overview")).to_contain_text(_example_division().name)
    gs.locator("table.overview a", has_text="计算机学院").click()
    expect(gs).to_have_url(re.compile(f"/college/{EXAMPLE_COLLEGE}/$"))
    gs.go_back()
    _shoot(gs, "gs-overview.png")


@pytest.mark.parametrize("role, username", [
    (Role.HANDLER, handler_username(EXAMPLE_COLLEGE)),
    (Role.DEAN, dean_username(EXAMPLE_COLLEGE)),
])
def test_R0_3_college_staff_land_on_their_college_with_counts_students_and_contact(page_as, role, username):
    staff = page_as(username, password(role))
    expect(staff).to_have_url(re.compile(f"/college/{EXAMPLE_COLLEGE}/$"))
    expect(staff.locator("h1")).to_contain_text("计算机学院")
    photo = staff.locator("#college-progress #progress-photo")  # each task a row: its deadline and its bar
    expect(photo).to_contain_text("学历电子注册图像采集")
    expect(photo.locator(".bar")).to_have_count(1)
    expect(photo).to_contain_text("已完成")  # the counts are written under the bar
    expect(staff.locator("table.students tbody tr")).to_have_count(50)  # the first page of a full college
    division = _example_division()
    contact = staff.locator("#division-contact")
    expect(contact).to_contain_text(division.name)
    expect(contact).to_contain_text(division.contact_name)
    expect(contact).to_contain_text(division.contact_email)


def test_R0_3_student_lands_on_their_checklist_usable_on_a_phone(page_as):
    number, name = _first_student(page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER)))
    student = page_as(number, password(Role.STUDENT), viewport=PHONE)
    expect(student).to_have_url(re.compile("/me/$"))
    expect(student.locator("h1")).to_have_text("我的毕业事项")
    expect(student.locator("main")).to_contain_text(f"{name}（{number}）")
    for task in ("photo", "pinyin_filing", "pinyin_confirm", "record_check", "conclusion_summer", "diploma"):
        expect(student.locator(f"#task-{task} .title")).to_be_visible()
        expect(student.locator(f"#task-{task} .badge").first).to_be_visible()
    # Nothing wider than the phone: a sideways scroll on a phone is where students give up.
    assert student.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    _shoot(student, "student-home-phone.png")


def test_R0_3_advisor_lands_on_their_own_students(page_as):
    handler = page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER))
    number, _name = _first_student(handler)
    handler.locator("table.students a", has_text=number).click()
    # The record shows 导师: name and 工号; the 工号 is the advisor's login.
    advisor_cell = handler.locator("dl dt", has_text="导师").locator("xpath=following-sibling::dd[1]")
    advisor_number = advisor_cell.inner_text().split()[-1]

    advisor = page_as(advisor_number, password(Role.ADVISOR))
    expect(advisor).to_have_url(re.compile("/advisor/$"))
    expect(advisor.locator("h1")).to_have_text("我的学生")
    expect(advisor.locator("table.students tbody")).to_contain_text(number)


def test_R1_4_vendor_lands_on_the_photo_results_page(page_as):
    vendor = page_as(VENDOR_USERNAME, password(Role.VENDOR))
    expect(vendor).to_have_url(re.compile("/photos/vendor/$"))
    expect(vendor.locator("h1")).to_contain_text("图像采集结果")
    expect(vendor.locator("#vendor-upload input[type=file]")).to_have_count(1)


def test_R4_3_archives_land_on_directed_and_commissioned_graduates(page_as):
    archives = page_as(ARCHIVES_USERNAME, password(Role.ARCHIVES))
    expect(archives).to_have_url(re.compile("/archives/$"))
    rows = archives.locator("table.students tbody tr")
    expect(rows.first).to_be_visible()
    # Column 7 is 培养方式 (after 学号, 姓名, 学院, 专业, 层次, 形式): only 定向 and 委培 are the archives' business.
    kinds = {rows.nth(i).locator("td").nth(6).inner_text().strip() for i in range(rows.count())}
    assert kinds <= {"定向", "委培"} and kinds, kinds


def test_wrong_password_is_refused_with_a_message(page):
    page.goto("/login/")
    page.fill("#id_username", DEMO_MARKER)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")
    assert page.url.split("?")[0].endswith("/login/"), page.url
    expect(page.locator("form .error")).to_have_text("用户名或密码不正确，请重新输入。")
    expect(page.locator("header .user")).to_have_count(0)


def test_english_switch_changes_the_page_language_and_back(page_as):
    student_number, _name = _first_student(page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER)))
    student = page_as(student_number, password(Role.STUDENT))
    expect(student.locator("html")).to_have_attribute("lang", "zh-hans")
    student.click("header button[name=language][value=en]")
    expect(student.locator("html")).to_have_attribute("lang", "en")
    expect(student).to_have_url(re.compile("/me/$"))  # the switch returns to the same page
    student.goto("/me/record/")
    expect(student.locator("html")).to_have_attribute("lang", "en")  # the choice sticks
    student.click("header button[name=language][value=zh-hans]")
    expect(student.locator("html")).to_have_attribute("lang", "zh-hans")


def test_stylesheet_loads_and_styles_the_page(page):
    responses = []
    page.on("response", lambda r: responses.append(r) if r.url.endswith(".css") else None)
    page.goto("/login/")
    page.wait_for_load_state("load")
    assert [r.status for r in responses] == [200], [(r.url, r.status) for r in responses]
    header = page.locator("header.top")
    assert header.evaluate("e => getComputedStyle(e).backgroundColor") == BRAND_RED
    assert header.evaluate("e => getComputedStyle(e).display") == "flex"
