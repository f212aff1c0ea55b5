"""R1.4: the vendor's own pages (upload, preview, confirm, recent results) and the Graduate School's command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from biye.core.models import Student
from biye.photos.models import PhotoCollection
from tests.conftest import make_student, page_rows
from tests.photos.conftest import HEADERS, login, xlsx_file

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def in_window(now: dt.datetime) -> str:
    return f"{(now - dt.timedelta(hours=1)).astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S}"


def upload(client, data: bytes, name: str = "结果.xlsx", **extra):
    return client.post("/photos/vendor/", {"file": SimpleUploadedFile(name, data), **extra})


def test_R1_4_vendor_previews_then_confirms_and_one_unknown_student_is_reported(people, lists, client, window_now):
    data = xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, in_window(window_now), "线上"],
                               ["3100000000", "无名氏", in_window(window_now), "线上"]])
    login(client, people.vendor)
    preview = upload(client, data)
    html = preview.content.decode()
    assert preview.status_code == 200 and "预览：尚未导入" in html and "确认导入" in html
    assert "3100000000" in html and "不匹配" in html and "不在2020届名单中" not in html
    assert not PhotoCollection.objects.exists()
    token = preview.context["token"]
    assert not any(token in str(v) for v in client.session.values())  # the file waits on disk, not in the session

    done = client.post("/photos/vendor/confirm/", {"token": token})
    html = done.content.decode()
    assert "导入完成" in html and "3100000000" in html
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is True
    # a second click finds nothing waiting and changes nothing
    again = client.post("/photos/vendor/confirm/", {"token": token}, follow=True)
    assert "没有待确认的文件" in again.content.decode()
    assert PhotoCollection.objects.count() == 1


def test_R1_4_vendor_file_missing_a_column_is_rejected_whole_with_a_message(people, lists, client, window_now):
    login(client, people.vendor)
    response = upload(client, xlsx_file(["学号", "姓名"], [[lists.a1.number, lists.a1.name]]))
    html = response.content.decode()
    assert response.status_code == 200 and "文件缺少以下列" in html and "采集时间" in html
    assert client.post("/photos/vendor/confirm/", follow=True).status_code == 200
    assert not PhotoCollection.objects.exists()


def test_R1_4_vendor_page_shows_no_id_numbers(people, lists, client, window_now):
    login(client, people.vendor)
    preview = upload(client, xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, in_window(window_now), "线上"]]))
    client.post("/photos/vendor/confirm/", {"token": preview.context["token"]})
    html = client.get("/photos/vendor/").content.decode()
    assert lists.a1.number in html and lists.a1.name in html
    assert lists.a1.id_number not in html
    assert "截止后补录原因" not in html  # the reason field is the Graduate School's


def test_R1_5_graduate_school_uploads_late_rows_with_a_reason(people, lists, client, window_now):
    # Move the calendar back so that a studio collection an hour ago is after the make-up deadline.
    from biye.core.models import Deadline

    Deadline.objects.filter(campaign=people.campaign, kind=Deadline.Kind.PHOTO_MAKEUP).update(
        closes=window_now - dt.timedelta(days=2))
    Deadline.objects.filter(campaign=people.campaign, kind=Deadline.Kind.PHOTO_ONLINE).update(
        opens=window_now - dt.timedelta(days=6), closes=window_now - dt.timedelta(days=3))
    row = [[lists.a1.number, lists.a1.name, in_window(window_now), "影像中心"]]
    login(client, people.gs)
    html = upload(client, xlsx_file(HEADERS, row)).content.decode()
    assert "补录须填写原因" in html and "确认导入" not in html
    preview = upload(client, xlsx_file(HEADERS, row), reason="系统故障延误")
    assert "研究生院补录" in preview.content.decode()
    client.post("/photos/vendor/confirm/", {"token": preview.context["token"]})
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is True


@pytest.mark.parametrize("person", ["handler_a", "dean_a", "advisor", "archives"])
def test_R1_4_vendor_pages_are_for_the_vendor_and_graduate_school(people, client, person):
    login(client, getattr(people, person))
    assert client.get("/photos/vendor/").status_code == 403
    assert client.post("/photos/vendor/confirm/").status_code == 403


def test_R1_4_vendor_page_takes_the_same_queries_as_results_grow(
    people, client, window_now, tmp_path, django_assert_max_num_queries
):
    def add(n: int) -> None:
        rows = []
        for _ in range(n):
            s = make_student(people.campaign, people.college_a, people.discipline, login=False, photo_on_file=False)
            rows.append([s.number, s.name, in_window(window_now), "线上"])
        path = tmp_path / f"{n}.xlsx"
        path.write_bytes(xlsx_file(HEADERS, rows))
        call_command("import-photos", str(path), stdout=io.StringIO())

    login(client, people.vendor)
    add(3)
    with django_assert_max_num_queries(10):
        small = client.get("/photos/vendor/")
    assert len(page_rows(small)) == 3
    add(60)
    with django_assert_max_num_queries(10):
        large = client.get("/photos/vendor/")
    assert large.context["page"].paginator.count == 63
    assert len(page_rows(large)) == large.context["page"].paginator.per_page


def test_R1_4_import_photos_command_takes_known_rows_and_reports_the_rest(people, lists, tmp_path, window_now):
    path = tmp_path / "结果.xlsx"
    path.write_bytes(xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, in_window(window_now), "线上"],
                                         [lists.a2.number, "错名", in_window(window_now), "线上"]]))
    out = io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("import-photos", str(path), "--by", "gs", stdout=out)
    assert e.value.code == 1
    assert "第 3 行" in out.getvalue() and "姓名“错名”与学籍姓名不符" in out.getvalue()
    assert "已导入 1 行" in out.getvalue()
    assert PhotoCollection.objects.get().recorded_by == people.gs
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import-photos", str(path), stdout=out)
    assert "已导入 0 行，无变化 1 行" in out.getvalue()


def test_R1_4_import_photos_command_refuses_unreadable_file_and_non_staff(people, lists, tmp_path, window_now):
    path = tmp_path / "结果.xlsx"
    path.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="Excel"):
        call_command("import-photos", str(path))
    path.write_bytes(xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, in_window(window_now), "线上"]]))
    with pytest.raises(CommandError, match="权限"):
        call_command("import-photos", str(path), "--by", "handler_a")
    assert not PhotoCollection.objects.exists()
