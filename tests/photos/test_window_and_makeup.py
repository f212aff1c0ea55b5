"""R1.4, R1.5: the online window, the studio make-up until its deadline, the college's paper photo; all on the
server's clock in Asia/Shanghai (06-12 24:00 is 06-13 00:00; the make-up's last day is 06-20)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Campaign, Student
from biye.photos import actions
from biye.photos.imports import parse_vendor_file
from biye.photos.models import PhotoCollection
from tests.conftest import at
from tests.photos.conftest import HEADERS, login, xlsx_file

AFTER_ALL = at(2020, 6, 25, 9)
BEFORE_MAKEUP_CLOSES = at(2020, 6, 20, 23, 59, 59)


def run(rows, by, now=BEFORE_MAKEUP_CLOSES, **kw):
    data = xlsx_file(HEADERS, rows)
    return actions.import_vendor_results(
        campaign=Campaign.current(), rows=parse_vendor_file(data, "r.xlsx"), file_name="r.xlsx", by=by, now=now, **kw
    )


@pytest.mark.parametrize(
    ("moment", "taken"),
    [
        ("2020-06-08 23:59:59", False),
        ("2020-06-09 00:00:00", True),
        ("2020-06-12 23:59:59", True),
        ("2020-06-13 00:00:00", False),
    ],
)
def test_R1_4_online_row_must_fall_inside_the_online_window(people, lists, moment, taken):
    report = run([[lists.a1.number, lists.a1.name, moment, "线上"]], people.vendor)
    assert bool(report.taken) is taken
    if not taken:
        assert "线上采集时间不在线上采集时段内" in report.rejected[0].message


def test_R1_5_studio_row_is_taken_until_the_makeup_deadline(people, lists):
    report = run([[lists.a1.number, lists.a1.name, "2020-06-20 23:59:59", "影像中心"]], people.vendor)
    assert len(report.taken) == 1
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is True


def test_R1_5_R5_1_after_the_makeup_deadline_the_server_clock_refuses_the_file_whatever_its_dates(people, lists):
    # A file backdated by 30 minutes, sent 30 minutes after the deadline: its rows say 06-20, the clock says no.
    row = [[lists.a1.number, lists.a1.name, "2020-06-20 23:30", "影像中心"]]
    with pytest.raises(ActionRefused) as refused:
        run(row, people.vendor, now=at(2020, 6, 21, 0, 30))
    assert "最晚补采集时间已过" in refused.value.message and "不再接受" in refused.value.message
    with pytest.raises(ActionRefused):
        run(row, people.vendor, now=at(2020, 6, 21, 0, 30), dry_run=True)  # the preview says so too
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is False and not PhotoCollection.objects.exists()


def test_R1_5_graduate_school_takes_a_late_row_with_a_written_reason(people, lists):
    row = [[lists.a1.number, lists.a1.name, "2020-06-22 10:00", "影像中心"]]
    with pytest.raises(ActionRefused) as refused:
        run(row, people.gs, now=AFTER_ALL)
    assert "补录须填写原因" in refused.value.message
    report = run(row, people.gs, now=AFTER_ALL, reason="影像中心系统故障，6月22日补采，经王老师同意")
    assert len(report.taken) == 1
    event = AuditEvent.objects.get(action="photos.vendor_result", student=lists.a1)
    assert "影像中心系统故障" in event.note and "研究生院补录" in event.note


@pytest.mark.parametrize("moment", ["2001-01-01 10:00", "2020-06-08 23:00"])
def test_R1_5_a_collection_before_collection_began_is_refused_even_with_a_reason(people, lists, moment):
    row = [[lists.a1.number, lists.a1.name, moment, "影像中心"]]
    report = run(row, people.gs, now=AFTER_ALL, reason="补录")
    assert not report.taken and "早于本届图像采集开始时间" in report.rejected[0].message
    assert not PhotoCollection.objects.exists()


def test_R1_5_handler_records_paper_photo_on_the_last_day(people, lists):
    c = actions.record_paper_photo(student=lists.a1, by=people.handler_a, received_on=dt.date(2020, 6, 20),
                                   now=at(2020, 6, 20, 23, 59, 59))
    assert (c.method, c.source, c.paper_received_by) == ("影像中心", "paper", people.handler_a)
    assert c.paper_received_on == dt.date(2020, 6, 20)
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is True
    event = AuditEvent.objects.get(action="photos.record_paper_photo")
    assert event.actor == people.handler_a and event.after["paper_received_on"] == "2020-06-20"


def test_R1_5_handler_cannot_record_paper_photo_at_midnight_after_the_deadline(people, lists):
    with pytest.raises(ActionRefused) as e:
        actions.record_paper_photo(student=lists.a1, by=people.handler_a, received_on=dt.date(2020, 6, 20),
                                   now=at(2020, 6, 21, 0, 0, 0))
    assert "最晚补采集时间已过" in e.value.message
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is False and not PhotoCollection.objects.exists()


def test_R1_5_graduate_school_records_late_paper_photo_only_with_reason(people, lists):
    with pytest.raises(ActionRefused) as e:
        actions.record_paper_photo(student=lists.a1, by=people.gs, received_on=dt.date(2020, 6, 20),
                                   now=at(2020, 6, 22))
    assert e.value.field == "reason"
    actions.record_paper_photo(student=lists.a1, by=people.gs, received_on=dt.date(2020, 6, 20),
                               now=at(2020, 6, 22), reason="学院6月20日已收，漏记")
    assert AuditEvent.objects.get(action="photos.record_paper_photo").note == "学院6月20日已收，漏记"


def test_R1_5_paper_photo_twice_is_refused_and_keeps_the_first(people, lists):
    actions.record_paper_photo(student=lists.a1, by=people.handler_a, received_on=dt.date(2020, 6, 15),
                               now=at(2020, 6, 15, 10))
    with pytest.raises(ActionRefused) as e:
        actions.record_paper_photo(student=lists.a1, by=people.gs, received_on=dt.date(2020, 6, 16),
                                   now=at(2020, 6, 16, 10))
    assert "已于 2020-06-15 记录过" in e.value.message
    assert PhotoCollection.objects.get(student=lists.a1).paper_received_on == dt.date(2020, 6, 15)


def test_R1_5_vendor_row_after_paper_photo_keeps_the_paper_receipt(people, lists):
    actions.record_paper_photo(student=lists.a1, by=people.handler_a, received_on=dt.date(2020, 6, 15),
                               now=at(2020, 6, 15, 18))
    run([[lists.a1.number, lists.a1.name, "2020-06-15 10:30", "影像中心"]], people.vendor)
    c = PhotoCollection.objects.get(student=lists.a1)
    assert c.collected_at == at(2020, 6, 15, 10, 30) and c.paper_received_on == dt.date(2020, 6, 15)


def test_R1_5_handler_of_b_cannot_record_for_a_student_of_a(people, lists, client, window_now):
    with pytest.raises(PermissionDenied):
        actions.record_paper_photo(student=lists.a1, by=people.handler_b, received_on=dt.date(2020, 6, 15),
                                   now=at(2020, 6, 15))
    login(client, people.handler_b)
    assert client.get(f"/photos/students/{lists.a1.pk}/paper/").status_code == 404
    assert client.post(f"/photos/students/{lists.a1.pk}/paper/", {"received_on": "2020-06-15"}).status_code == 404
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is False


def test_R1_5_dean_may_look_but_only_the_handler_records(people, lists):
    with pytest.raises(PermissionDenied):
        actions.record_paper_photo(student=lists.a1, by=people.dean_a, received_on=dt.date(2020, 6, 15),
                                   now=at(2020, 6, 15))


def test_R1_5_paper_photo_for_student_on_neither_list_needs_inclusion_first(people, lists):
    with pytest.raises(ActionRefused) as e:
        actions.record_paper_photo(student=lists.late, by=people.handler_a, received_on=dt.date(2020, 6, 15),
                                   now=at(2020, 6, 15))
    assert "请先申请列入" in e.value.message


def test_R1_5_college_records_paper_photo_through_its_photo_page(people, lists, client, window_now):
    login(client, people.handler_a)
    page = client.get("/photos/list/a/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "记录纸质照片" in html and lists.a1.name in html and lists.b1.name not in html
    form = client.get(f"/photos/students/{lists.a1.pk}/paper/")
    assert "收到纸质照片日期" in form.content.decode()
    today = window_now.astimezone(dt.timezone(dt.timedelta(hours=8))).date().isoformat()
    response = client.post(f"/photos/students/{lists.a1.pk}/paper/", {"received_on": today}, follow=True)
    assert "已记录 翟志刚" in response.content.decode()
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is True
    # 附件1 is the published list: the collected student stays on it, with the status, date and way
    row = client.get("/photos/list/a/").content.decode().split(f'id="student-{lists.a1.pk}"')[1].split("</tr>")[0]
    assert "已采集（影像中心" in row and "无法学历注册" not in row


def test_R1_5_paper_photo_form_with_future_date_shows_the_error_and_changes_nothing(people, lists, client, window_now):
    login(client, people.handler_a)
    response = client.post(f"/photos/students/{lists.a1.pk}/paper/", {"received_on": "2099-01-01"})
    assert response.status_code == 200 and "收到日期不能晚于今天" in response.content.decode()
    assert Student.objects.get(pk=lists.a1.pk).photo_on_file is False
