"""R5.3, issue 8: the audit page shows field names in words, times in Beijing time and no internal storage paths;
its action filter is a choice of the action names as the page shows them; it exports what it found."""

from __future__ import annotations

from django.urls import reverse

from biye.core import audit
from biye.core.models import AuditEvent
from tests.conftest import at
from tests.photos.conftest import read_back


def _event(people):
    return audit.record(
        people.handler_a, "photos.record_paper_photo", people.student_a1,
        before={"photo_on_file": False, "collected_at": None},
        after={"photo_on_file": True, "collected_at": "2020-06-10T01:30:00+00:00",
               "source_file": "/srv/biye/var/uploads/2020/3f9a/vendor-results.xlsx"},
        note="文件 /srv/biye/var/uploads/2020/3f9a/vendor-results.xlsx 第 2 行", at=at(2020, 6, 10, 9, 30),
    )


def test_R5_3_audit_shows_field_names_in_words_beijing_time_and_no_paths(client, people):
    _event(people)
    client.force_login(people.gs)
    html = client.get(reverse("audit")).content.decode()
    changes = html.split('class="changes"')[1].split("</td>")[0]
    assert "已采集图像" in changes and "photo_on_file" not in changes  # Student.photo_on_file's verbose_name
    assert "采集时间" in changes and "2020-06-10 09:30:00" in changes  # 01:30 UTC is 09:30 in Beijing
    assert "/srv/" not in html and "var/uploads" not in html and "vendor-results.xlsx" in html
    assert "2020-06-10 09:30:00" in html and "时间（北京时间）" in html


def test_R5_3_audit_action_filter_is_a_choice_of_names_as_shown(client, people):
    _event(people)
    audit.record(people.gs, "core.set_deadline", people.campaign, at=at(2020, 6, 10, 10))
    client.force_login(people.gs)
    html = client.get(reverse("audit")).content.decode()
    assert '<select name="action"' in html and '<option value="photos.record_paper_photo">学院记录纸质照片</option>' in html
    page = client.get(reverse("audit"), {"action": "photos.record_paper_photo"})
    assert [e.action for e in page.context["page"]] == ["photos.record_paper_photo"]
    assert "操作类型：学院记录纸质照片" in page.content.decode()


def test_R5_3_audit_export_has_what_the_search_found(client, people):
    _event(people)
    audit.record(people.gs, "core.set_deadline", people.campaign, at=at(2020, 6, 10, 10))
    client.force_login(people.gs)
    sheet = read_back(client.get(reverse("audit"), {"action": "photos.record_paper_photo", "format": "xlsx"}).content)
    assert sheet[0] == ["时间（北京时间）", "操作人", "操作", "学号", "对象", "变更", "说明"]
    assert len(sheet) == 2
    row = sheet[1]
    assert row[0] == "2020-06-10 09:30:00" and row[2] == "学院记录纸质照片" and row[3] == people.student_a1.number
    assert "已采集图像：否 → 是" in row[5] and "/srv/" not in row[6] and "vendor-results.xlsx" in row[6]
    # The export changed nothing; it is itself accounted for (issue 16), with its filter and row count.
    assert AuditEvent.objects.exclude(action="core.download").count() == 2
    download = AuditEvent.objects.get(action="core.download")
    assert download.after["rows"] == 1 and download.after["filter"]["action"] == "photos.record_paper_photo"


def test_R5_3_audit_sorts_by_time_both_ways(client, people):
    _event(people)
    audit.record(people.gs, "core.set_deadline", people.campaign, at=at(2020, 6, 10, 10))
    client.force_login(people.gs)
    newest = [e.action for e in client.get(reverse("audit")).context["page"]]
    oldest = [e.action for e in client.get(reverse("audit"), {"sort": "at"}).context["page"]]
    assert newest == ["core.set_deadline", "photos.record_paper_photo"] == oldest[::-1]


def test_R5_3_audit_page_query_count_holds_as_events_grow(client, people, django_assert_max_num_queries):
    for i in range(40):
        audit.record(people.handler_a, "photos.record_paper_photo", people.student_a1, before={"photo_on_file": False},
                     after={"photo_on_file": True}, at=at(2020, 6, 10, 9, i))
    client.force_login(people.gs)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit"))
        assert response.status_code == 200
        assert len(response.context["page"].object_list) == 40


def test_R5_3_searching_a_student_number_finds_the_roster_import_that_created_the_student(client, people):
    """A student has no creation event of their own: the import's event, which the student points at, is found."""
    from tests.roster.conftest import roster_rows, run_import, to_xlsx

    rows = roster_rows(2)
    run_import(to_xlsx(rows), by=people.gs, filename="2020届学籍.xlsx")
    client.force_login(people.gs)
    page = client.get(reverse("audit"), {"q": rows[1]["学号"]})
    assert [e.action for e in page.context["page"]] == ["roster.import"]
    assert "2020届学籍.xlsx" in page.content.decode()
