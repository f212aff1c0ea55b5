"""R1, R1.6: who is concerned by the diploma photo — a graduate who receives a 学历证书 (双证) — and 附件1 as the
list the notice published: it keeps those collected since, with the status, date and way."""

from __future__ import annotations

import datetime as dt

from biye.core import checklist
from biye.core.models import Student
from biye.photos import actions, queries
from biye.core.errors import ActionRefused
from tests.conftest import at, make_student
from tests.photos.conftest import login, read_back, xlsx_file, HEADERS

import pytest


@pytest.fixture
def single(people):
    """A 单证 graduate enrolled by the cutoff year, with no photo: on no list, no task, never blocked."""
    return make_student(people.campaign, people.college_a, people.discipline, name="单家骏", photo_on_file=False,
                        enrolled_on=dt.date(2016, 9, 1), certificate_type="单证")


def test_R1_6_a_single_certificate_graduate_is_on_neither_list(people, lists, single, client):
    login(client, people.gs)
    for which in ("a", "b", "other"):
        assert single.number not in client.get(f"/photos/list/{which}/").content.decode(), which
    assert not Student.objects.filter(queries.REGISTRATION_BLOCKED, pk=single.pk).exists()


def test_R1_6_a_single_certificate_graduate_has_no_photo_task_and_no_block(people, single, client):
    item = next(i for i in checklist.for_student(single) if i.task.key == "photo")
    assert (item.state, item.blocked) == ("na", False)
    counts = checklist.by_college(Student.objects.filter(pk=single.pk), people.campaign)
    assert counts[people.college_a.pk]["photo"].blocked == 0
    login(client, single.person)
    home = client.get("/me/").content.decode()
    assert "无法学历电子注册" not in home
    page = client.get("/photos/me/").content.decode()
    assert "无需采集图像" in page and "无法完成学历电子注册" not in page and "如需采集" not in page
    login(client, people.handler_a)
    row = client.get("/college/07/?q=" + single.number).content.decode()
    assert "单证，无需采集" in row and "未采集·无法注册" not in row


def test_R1_6_a_single_certificate_graduate_cannot_be_included_or_collected(people, single, window_now):
    with pytest.raises(ActionRefused, match="单证"):
        actions.request_inclusion(student=single, by=people.handler_a, reason="想采集")
    with pytest.raises(ActionRefused, match="不在本次采集名单"):
        actions.record_paper_photo(student=single, by=people.handler_a, received_on=dt.date(2020, 6, 10),
                                   now=window_now)


def test_R1_1_list_a_does_not_shrink_as_students_are_collected(people, lists, client, window_now):
    login(client, people.handler_a)
    before = client.get("/photos/list/a/xlsx/")
    actions.record_paper_photo(student=lists.a1, by=people.handler_a, received_on=dt.date(2020, 6, 10),
                               now=window_now)
    data = xlsx_file(HEADERS, [[lists.a2.number, lists.a2.name, "2020-06-10 09:30", "线上"]])
    from biye.photos.imports import parse_vendor_file

    actions.import_vendor_results(campaign=people.campaign, rows=parse_vendor_file(data, "r.xlsx"),
                                  file_name="r.xlsx", by=people.vendor, now=window_now)
    after = read_back(client.get("/photos/list/a/xlsx/").content)
    assert [r[1] for r in after[1:]] == [r[1] for r in read_back(before.content)[1:]] == [
        lists.a1.number, lists.a2.number]
    status = {r[1]: r[9] for r in after[1:]}
    assert status[lists.a1.number] == "已采集（影像中心 2020-06-10，学院2020-06-10收到纸质照片）"
    assert status[lists.a2.number] == "已采集（线上 2020-06-10）"
    # and 附件2 stays those who already had a photo
    b = [r[1] for r in read_back(client.get("/photos/list/b/xlsx/").content)[1:]]
    assert lists.a1.number not in b and people.student_a1.number in b


def test_R1_2_a_list_b_student_collected_again_stays_on_list_b(people, lists, window_now, client):
    data = xlsx_file(HEADERS, [[people.student_a1.number, people.student_a1.name, "2020-06-10 09:30", "线上"]])
    from biye.photos.imports import parse_vendor_file

    actions.import_vendor_results(campaign=people.campaign, rows=parse_vendor_file(data, "r.xlsx"),
                                  file_name="r.xlsx", by=people.vendor, now=window_now)
    login(client, people.handler_a)
    b = {r[1]: r[9] for r in read_back(client.get("/photos/list/b/xlsx/").content)[1:]}
    assert b[people.student_a1.number] == "已采集（线上 2020-06-10）"
    assert people.student_a1.number not in client.get("/photos/list/a/").content.decode()


def test_R1_4_a_list_a_student_just_collected_is_told_so_not_list_b(people, lists, client, window_now):
    actions.record_paper_photo(student=lists.a1, by=people.handler_a, received_on=dt.date(2020, 6, 10),
                               now=window_now)
    login(client, lists.a1.person)
    page = client.get("/photos/me/").content.decode()
    assert "已完成本次采集" in page
    assert "您已采集过图像（附件2）" not in page and "如需采集" not in page


def test_R1_4_the_vendor_downloads_list_a_and_b_with_the_photo_status_only(people, lists, client):
    login(client, people.vendor)
    assert "下载附件1" in client.get("/photos/vendor/").content.decode()
    response = client.get("/photos/list/a/xlsx/")
    assert response.status_code == 200
    rows = read_back(response.content)
    assert rows[0] == ["序号", "学号", "姓名", "学院", "采集状态"]
    assert {r[1] for r in rows[1:]} == {lists.a1.number, lists.a2.number, lists.b1.number}
    assert "110101199503070018" not in str(rows)  # no ID numbers, no record
    assert {r[1] for r in read_back(client.get("/photos/list/b/xlsx/").content)[1:]} >= {people.student_a1.number}


def test_R1_1_photo_list_says_which_filter_is_active_and_exports_it(people, lists, client):
    login(client, people.gs)
    html = client.get("/photos/list/a/", {"college": "03", "q": "仇"}).content.decode()
    assert "当前筛选" in html and "学院：机械与车辆学院" in html and "搜索：仇" in html
    rows = read_back(client.get("/photos/list/a/xlsx/", {"college": "03", "q": "仇"}).content)
    assert [r[1] for r in rows[1:]] == [lists.b1.number]


def test_R1_6_each_blocked_task_shows_its_own_block_message(people, lists, client, monkeypatch):
    from django.db.models import Q

    from biye.core.checklist import Task, _TASKS

    monkeypatch.setitem(_TASKS, "test_block", Task(
        "test_block", "测试事项", "R0", "测试说明", done=Q(pk__in=[]), blocked=Q(pk=lists.a1.pk),
        blocked_message="测试事项未完成：证书暂缓发放", order=99))
    login(client, lists.a1.person)
    html = client.get("/me/").content.decode()
    photo = html.split('id="task-photo"')[1].split("</li>")[0]
    other = html.split('id="task-test_block"')[1].split("</li>")[0]
    assert "未采集图像：无法学历电子注册" in photo and "证书暂缓发放" not in photo
    assert "测试事项未完成：证书暂缓发放" in other and "无法学历电子注册" not in other
    assert 'id="blocked-photo-alert"' in html and 'id="blocked-test_block-alert"' in html


def test_R1_4_the_vendor_downloads_the_rows_its_upload_refused(people, lists, client, window_now):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.photos.test_vendor_pages import in_window

    data = xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, in_window(window_now), "线上"],
                               ["3100000000", "无名氏", in_window(window_now), "线上"]])
    login(client, people.vendor)
    preview = client.post("/photos/vendor/", {"file": SimpleUploadedFile("结果.xlsx", data)})
    token = preview.context["refused_token"]
    assert token and 'id="refused-xlsx"' in preview.content.decode()
    rows = read_back(client.get(f"/photos/vendor/refused/{token}/").content)
    assert rows[0] == ["行号", "学号/证件号码", "姓名", "采集时间", "采集方式", "未导入的原因"]
    assert [r[:3] for r in rows[1:]] == [[3, "3100000000", "无名氏"]] and "不匹配" in rows[1][5]

    done = client.post("/photos/vendor/confirm/", {"token": preview.context["token"]})
    after = done.context["refused_token"]
    response = client.get(f"/photos/vendor/refused/{after}/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert [r[1] for r in read_back(response.content)[1:]] == ["3100000000"]

    login(client, people.gs)  # someone else's download is not found
    assert client.get(f"/photos/vendor/refused/{after}/").status_code == 404


def test_R1_4_an_upload_with_nothing_refused_offers_no_download(people, lists, client, window_now):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.photos.test_vendor_pages import in_window

    data = xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, in_window(window_now), "线上"]])
    login(client, people.vendor)
    preview = client.post("/photos/vendor/", {"file": SimpleUploadedFile("结果.xlsx", data)})
    assert preview.context["refused_token"] == "" and 'id="refused-xlsx"' not in preview.content.decode()
