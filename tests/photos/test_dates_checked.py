"""R1.5, R5.1 (issue 9): dates are checked for what they mean, on the server, and never make a 500.
A collection time or received date outside a plausible range is refused for its row (or field); a preview that
passes never breaks at its confirmation, which checks again and shows the same messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from biye.core.errors import ActionRefused
from biye.core.models import Campaign, Deadline
from biye.photos import actions
from biye.photos.imports import parse_vendor_file
from biye.photos.models import PhotoCollection
from tests.conftest import at
from tests.photos.conftest import HEADERS, login, xlsx_file
from tests.photos.test_vendor_pages import in_window


@pytest.mark.parametrize("typed", ["0001-01-01 10:00", dt.datetime(1, 1, 1, 10, 0), "1900-01-01", "2999-01-01"])
def test_R1_5_a_vendor_row_dated_in_an_impossible_year_is_a_row_error_not_a_500(people, lists, typed):
    rows = parse_vendor_file(xlsx_file(HEADERS, [[lists.a1.number, lists.a1.name, typed, "影像中心"],
                                                 [lists.a2.number, lists.a2.name, "2020-06-15 10:00", "影像中心"]]),
                             "结果.xlsx")
    report = actions.import_vendor_results(campaign=Campaign.current(), rows=rows, file_name="结果.xlsx",
                                           by=people.vendor, now=at(2020, 6, 16, 9))
    assert [o.row for o in report.rejected] == [2] and "采集时间" in report.rejected[0].message
    assert [o.row for o in report.taken] == [3]  # the valid row of the same file is taken
    assert PhotoCollection.objects.get().student_id == lists.a2.pk


@pytest.mark.parametrize("typed", ["0001-01-01", "1900-01-01"])
def test_R1_5_a_paper_photo_received_in_an_impossible_year_is_refused_on_the_page(people, lists, client, typed):
    login(client, people.handler_a)
    response = client.post(f"/photos/students/{lists.a1.pk}/paper/", {"received_on": typed})
    assert response.status_code == 200
    assert "不合理" in response.content.decode() or "早于本届图像采集开始日期" in response.content.decode()
    assert not PhotoCollection.objects.exists()


def test_R1_5_a_paper_photo_received_before_collection_began_is_refused(people, lists):
    with pytest.raises(ActionRefused) as refused:
        actions.record_paper_photo(student=lists.a1, by=people.handler_a, received_on=dt.date(2020, 1, 1),
                                   now=at(2020, 6, 15, 9))
    assert "早于本届图像采集开始日期（2020-06-09）" in refused.value.message and refused.value.field == "received_on"
    assert not PhotoCollection.objects.exists()


def test_R5_1_a_year_one_date_on_the_calendar_page_is_a_form_error_not_a_500(people, client):
    login(client, people.gs)
    response = client.post("/gs/calendar/", {"kind": Deadline.Kind.PHOTO_MAKEUP, "opens": "",
                                             "closes": "0001-01-01 00:00", "seen": ""})
    assert response.status_code == 200
    assert "不是有效的日期和时间" in response.content.decode()
    closes = Deadline.objects.get(campaign=people.campaign, kind=Deadline.Kind.PHOTO_MAKEUP).closes
    assert closes.year == 2020


def test_R1_4_a_preview_that_passes_is_confirmed_with_the_same_rows_and_messages(people, lists, client, window_now):
    rows = [[lists.a1.number, lists.a1.name, in_window(window_now), "线上"],
            [lists.a2.number, lists.a2.name, "0001-01-01 00:00", "线上"],
            [lists.b1.number, lists.b1.name, in_window(window_now), "线上"]]
    login(client, people.vendor)
    preview = client.post("/photos/vendor/", {"file": SimpleUploadedFile("结果.xlsx", xlsx_file(HEADERS, rows))})
    seen = preview.context["report"]
    done = client.post("/photos/vendor/confirm/", {"token": preview.context["token"]})
    assert done.status_code == 200
    taken = done.context["report"]
    assert [o.row for o in taken.taken] == [o.row for o in seen.taken] == [2, 4]
    assert [(o.row, o.message) for o in taken.rejected] == [(o.row, o.message) for o in seen.rejected]
    assert PhotoCollection.objects.count() == 2
