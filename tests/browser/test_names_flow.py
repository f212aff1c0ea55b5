"""Issue 3, done when: a demo student files the pinyin of their name with the chooser (R2.1, R2.2), the college
fills in a blank one after the deadline (R2.6), and that student confirms it, which makes it the English diploma
name (R2.5, R2.8). All of it through the pages of a real demo server; the calendar is moved by demo-gs on
/gs/calendar/ between the steps, as the Graduate School would."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from biye.demo.university import EXAMPLE_COLLEGE, handler_username
from biye.core.models import Role
from biye.demo.synthetic import POLYPHONIC_SURNAMES
from tests.browser.conftest import days_from_now, password

pytestmark = pytest.mark.browser

COLLEGE_LIST = f"/names/college/{EXAMPLE_COLLEGE}/"


def _numbers_in(table: Page, url: str) -> list[tuple[str, str]]:
    """(学号, 姓名) of the rows the college's pinyin list shows at `url`."""
    table.goto(url)
    rows = table.locator("#pinyin-table tbody tr[id^=pinyin-row-]")
    return [
        (rows.nth(i).locator("td.number").inner_text().strip(), rows.nth(i).locator("td.name").inner_text().strip())
        for i in range(rows.count())
    ]


def _polyphonic_student(handler: Page) -> tuple[str, str]:
    """A dual-certificate student of the example college who has filed nothing and whose surname reads
    differently as a surname (单 Shan, 曾 Zeng …), found the way the handler would: by searching the list."""
    for surname in POLYPHONIC_SURNAMES:
        rows = _numbers_in(handler, f"{COLLEGE_LIST}?status=not_filed&q={surname}")
        for number, name in rows:
            if name.startswith(surname):
                return number, name
    pytest.fail("the demo has no unfiled dual-certificate student with a polyphonic surname in the example college")


def _file_with_chooser(student: Page, name: str) -> str:
    """R2.1, R2.2: the student reaches the filing page through the menu, picks another reading of the surname
    with the chooser and files it. Returns the spelling filed."""
    student.click("#nav-pinyin-filing")
    expect(student.locator("#breadcrumb")).to_have_text(re.compile(r"学籍管理\s*→\s*学籍信息校对\s*→\s*核对和修改个人信息"))
    expect(student.locator("#chinese-name")).to_have_text(name)
    proposal = student.locator("#pinyin-proposal").inner_text().strip()
    spelling = student.locator("#pinyin-spelling")
    expect(spelling).to_have_value(proposal)

    # With the script running, the spelling follows the choices: the no-script button is not shown.
    expect(student.locator("#pinyin-compose")).to_be_hidden()
    # The surname is character 0; the proposal's reading is checked, another one is offered.
    readings = student.locator("input[type=radio][name=char-0]")
    assert readings.count() >= 2, "the chooser offers the surname's other readings"
    expect(student.locator("#char-0-0")).to_be_checked()
    other = student.locator("#char-0-1")
    other_reading = other.get_attribute("value")
    other.check()
    # The script rewrites the spelling as the reading changes: the other surname reading, the given name kept.
    given = proposal.split(" ", 1)[1]
    chosen = f"{other_reading.capitalize()} {given}"
    expect(spelling).to_have_value(chosen)

    # Each reading shows its tone marks and a word (单 shàn 单县 …).
    expect(student.locator("#pinyin-chooser .chooser-char").first.locator(".toned").first).to_have_text(
        re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]"))
    expect(student.locator("#pinyin-chooser .chooser-char").first.locator(".word").first).not_to_be_empty()

    student.click("#pinyin-submit")
    expect(student.locator(".messages")).to_contain_text("姓名拼音已提交")
    expect(student.locator("#pinyin-current")).to_have_text(chosen)
    return chosen


def _unformatted_reading_is_offered_in_the_diploma_format(student: Page, filed: str) -> None:
    """R2.8: the same reading typed in lower case without the space is not stored as typed; one click files the
    diploma format instead."""
    student.fill("#pinyin-spelling", filed.replace(" ", "").lower())
    student.click("#pinyin-submit")
    expect(student.locator("#pinyin-problems")).to_contain_text("写法不是证书的格式")
    expect(student.locator("#pinyin-formatted")).to_have_text(filed)
    expect(student.locator("#pinyin-current")).to_have_text(filed)  # nothing stored yet
    student.click("#pinyin-use-formatted-button")
    expect(student.locator(".messages")).to_contain_text("姓名拼音已提交")
    expect(student.locator("#pinyin-current")).to_have_text(filed)
    expect(student.locator("#pinyin-problems")).to_have_count(0)


def _refused_without_reason_then_filed_with_one(student: Page, filed: str) -> str:
    """R2.2: a spelling that is not a reading of the name is refused until a reason is given; nothing is stored
    meanwhile, and the reason is kept with the spelling."""
    spelling = student.locator("#pinyin-spelling")
    expect(spelling).to_have_value(filed)
    passport = "Sin " + filed.split(" ", 1)[1]  # a Cantonese surname spelling, as on some passports
    spelling.fill(passport)
    student.click("#pinyin-submit")
    expect(student.locator("#pinyin-problems")).to_be_visible()
    expect(student.locator("#pinyin-problems")).to_contain_text("不是姓名的读音")
    expect(student.locator("#pinyin-form .errorlist")).to_contain_text("原因说明")
    expect(student.locator("#pinyin-current")).to_have_text(filed)  # the refused spelling was not stored

    student.fill("#pinyin-reason", "与护照上的姓名拼写一致")
    student.click("#pinyin-submit")
    expect(student.locator(".messages")).to_contain_text("姓名拼音已提交")
    expect(student.locator("#pinyin-current")).to_have_text(passport)
    expect(student.locator("#pinyin-reason-shown")).to_have_text("与护照上的姓名拼写一致")
    return passport


def test_R2_1_R2_2_R2_5_R2_6_student_files_with_chooser_college_fills_blank_and_student_confirms(
    page_as, move_deadlines
):
    handler = page_as(handler_username(EXAMPLE_COLLEGE), password(Role.HANDLER))
    filer_number, filer_name = _polyphonic_student(handler)
    blank_number, blank_name = next(
        (n, name) for n, name in _numbers_in(handler, f"{COLLEGE_LIST}?status=not_filed")
        if n != filer_number and re.search(r"[\u4e00-\u9fff]", name)  # 留学生 (names in letters) are filled by hand
    )

    # Filing is open (the notice: until 06-12; here until tomorrow).
    move_deadlines(pinyin_filing=(None, days_from_now(1)), verification_submit=(None, days_from_now(2)))
    filer = page_as(filer_number, password(Role.STUDENT))
    filed = _file_with_chooser(filer, filer_name)
    _unformatted_reading_is_offered_in_the_diploma_format(filer, filed)
    passport = _refused_without_reason_then_filed_with_one(filer, filed)

    # The filing deadline has passed; the college fills in blank spellings and takes confirmations.
    move_deadlines(pinyin_filing=(None, days_from_now(-1)), verification_submit=(None, days_from_now(1)))
    filer.reload()
    expect(filer.locator("#pinyin-filing-closed")).to_contain_text("已截止")
    expect(filer.locator("#pinyin-submit")).to_have_count(0)

    handler.goto(f"{COLLEGE_LIST}?q={filer_number}")
    filer_row = handler.locator(f"#pinyin-row-{filer_number}")
    expect(filer_row).to_contain_text(passport)
    expect(filer_row.locator(".pinyin-reason")).to_have_text("与护照上的姓名拼写一致")  # the college sees why

    handler.goto(f"{COLLEGE_LIST}?q={blank_number}")
    expect(handler.locator(f"#pinyin-row-{blank_number} td.pinyin")).to_contain_text("空")
    handler.click("#fill-blanks-ask")
    expect(handler.locator("#fill-blanks-confirm")).to_contain_text("将为")
    handler.click("#fill-blanks")
    expect(handler.locator(".messages")).to_contain_text("已按建议补全")
    handler.goto(f"{COLLEGE_LIST}?q={blank_number}")
    blank_row = handler.locator(f"#pinyin-row-{blank_number}")
    expect(blank_row).to_contain_text("未确认")
    filled = blank_row.locator("td.pinyin").inner_text().strip()
    assert filled and filled != "空", f"{blank_name} has a spelling after 按建议补全"

    # The student whose spelling the college filled in confirms it; it becomes the English diploma name.
    blank = page_as(blank_number, password(Role.STUDENT))
    blank.goto("/names/me/")
    expect(blank.locator("#pinyin-current")).to_have_text(filled)
    expect(blank.locator("h2", has_text="确认证书英文姓名")).to_be_visible()
    expect(blank.locator("#pinyin-confirm-form")).to_contain_text(filled)
    expect(blank.locator("#diploma-name")).not_to_contain_text(filled)
    blank.click("#pinyin-confirm")
    expect(blank.locator(".messages")).to_contain_text("已确认证书英文姓名")
    expect(blank.locator("#pinyin-confirmed")).to_be_visible()
    expect(blank.locator("#diploma-name")).to_have_text(filled)

    # The college sees the confirmation in its list.
    handler.goto(f"{COLLEGE_LIST}?status=confirmed&q={blank_number}")
    expect(handler.locator(f"#pinyin-row-{blank_number}")).to_contain_text(filled)
    expect(handler.locator(f"#pinyin-row-{blank_number} td").last).to_have_text(filled)
