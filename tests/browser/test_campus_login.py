"""R0.1 in a real browser: a graduate logs in through the campus identity service (a test CAS server) and out;
a campus user without an account is told whom to ask."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serve_demo
from tests.campus.cas_server import FakeCAS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cas_demo():
    """A demo server pointed at a CAS server of the test's own; yields (cas, url, a student's number and name)."""
    cas = FakeCAS().start()
    db = Path(tempfile.mkdtemp(prefix="biye-cas-demo-")) / "demo.sqlite3"
    try:
        with serve_demo(CAS_SERVER_URL=cas.url, DATABASE_URL=f"sqlite:///{db}") as url:
            with sqlite3.connect(db) as conn:
                number, name = conn.execute(
                    "SELECT number, name FROM core_student WHERE person_id IS NOT NULL ORDER BY number LIMIT 1"
                ).fetchone()
            yield cas, url, number, name
    finally:
        cas.stop()
        shutil.rmtree(db.parent, ignore_errors=True)


def test_R0_1_a_student_logs_in_through_the_campus_login_and_out_again(browser, cas_demo):
    cas, url, number, name = cas_demo
    context = browser.new_context(base_url=url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        page.goto("/login/")
        page.click("text=统一身份认证登录")
        expect(page).to_have_title("统一身份认证（测试）")  # the campus's page, not Biye's
        page.fill("#cas-username", number)
        page.click("#cas-submit")
        expect(page.locator("h1")).to_have_text("我的毕业事项")
        expect(page.locator("main")).to_contain_text(f"{name}（{number}）")
        assert [path for path, _ticket in cas.validations] == ["/p3/serviceValidate"]

        page.click("header form button:has-text('退出')")
        expect(page.locator("h1")).to_have_text("登录研究生毕业工作系统")
        assert cas.logouts == [f"{url}/login/"]  # the campus session was ended too
        page.goto("/me/")
        expect(page.locator("h1")).to_have_text("登录研究生毕业工作系统")

        page.click("text=统一身份认证登录")
        page.fill("#cas-username", "2099999999999")
        page.click("#cas-submit")
        expect(page.locator("#cas-unknown")).to_contain_text("本系统中没有与之对应的账号")
        expect(page.locator("#cas-unknown")).to_contain_text("马老师")  # a Graduate School contact to ask
    finally:
        context.close()
