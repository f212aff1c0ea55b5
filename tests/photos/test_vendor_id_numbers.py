"""R5.3, issue 16: the outside photo company sees only what it needs — 学号, 姓名, 学院 and photo status on its
pages and in its download; ID numbers only when the Graduate School turns that on for the campaign (audited)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from biye.core import actions
from biye.core.models import AuditEvent, Campaign, Student
from biye.core.privacy import mask_id
from tests.photos.conftest import login, read_back, xlsx_file
from tests.photos.test_vendor_pages import in_window


def _all_ids() -> list[str]:
    return list(Student.objects.values_list("id_number", flat=True))


def _vendor_list(client) -> list[list[object]]:
    resp = client.get("/photos/vendor/list.xlsx")
    assert resp.status_code == 200
    return read_back(resp.content)


def test_R5_3_the_vendor_list_holds_number_name_college_status_and_no_id_number(people, lists, client):
    login(client, people.vendor)
    rows = _vendor_list(client)
    assert rows[0] == ["序号", "学号", "姓名", "学院", "名单", "采集状态"]
    numbers = {r[1] for r in rows[1:]}
    assert {lists.a1.number, lists.a2.number, lists.b1.number, people.student_a1.number} <= numbers
    assert lists.late.number not in numbers  # on neither list: not the vendor's business
    flat = " ".join(str(c) for r in rows for c in r)
    assert not [n for n in _all_ids() if n in flat]
    page = client.get("/photos/vendor/").content.decode()
    assert "vendor-list" in page and not [n for n in _all_ids() if n in page]
    event = AuditEvent.objects.get(action="core.download")
    assert event.actor == people.vendor and event.after["rows"] == len(rows) - 1


def test_R5_3_the_graduate_school_turns_id_numbers_on_for_the_vendor_and_it_is_audited(people, lists, client):
    login(client, people.gs)
    form = {name: getattr(people.campaign, name) for name in actions.CAMPAIGN_SETTINGS}
    form = {name: "" if value is None else value for name, value in form.items()}  # an unset date is sent empty
    form.update(vendor_sees_id_numbers="on", seen=actions.campaign_stamp(Campaign.objects.get(pk=people.campaign.pk)))
    resp = client.post("/gs/campaign/", form)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Campaign.objects.get(pk=people.campaign.pk).vendor_sees_id_numbers
    event = AuditEvent.objects.get(action="core.update_campaign")
    assert event.before == {"vendor_sees_id_numbers": False} and event.after == {"vendor_sees_id_numbers": True}

    login(client, people.vendor)
    rows = _vendor_list(client)
    assert rows[0][-1] == "证件号码"
    by_number = {r[1]: r[-1] for r in rows[1:]}
    assert by_number[lists.a1.number] == lists.a1.id_number
    # The Graduate School itself still reads the list masked by default: the setting is for the vendor.
    login(client, people.gs)
    assert _vendor_list(client)[0][-1] == "采集状态"


def test_R5_3_the_vendor_report_masks_an_id_number_the_file_gave_unless_turned_on(people, lists, client, window_now):
    wanted = "11010519900307123X"
    lists.a1.id_number = "11010119950307009X"  # unique, so the row matches by it
    lists.a1.save()
    data = xlsx_file(["证件号码", "姓名", "采集时间", "采集方式"], [[wanted, "无名氏", in_window(window_now), "线上"],
                                                          [lists.a1.id_number, lists.a1.name, in_window(window_now), "线上"]])
    login(client, people.vendor)
    html = client.post("/photos/vendor/", {"file": SimpleUploadedFile("r.xlsx", data)}).content.decode()
    assert "将导入 <strong>1</strong> 行" in html and "未导入 <strong>1</strong> 行" in html
    assert mask_id(wanted) in html and wanted not in html  # a rejected row
    assert mask_id(lists.a1.id_number) in html and lists.a1.id_number not in html  # a row to be taken

    Campaign.objects.filter(pk=people.campaign.pk).update(vendor_sees_id_numbers=True)
    html = client.post("/photos/vendor/", {"file": SimpleUploadedFile("r.xlsx", data)}).content.decode()
    assert wanted in html
