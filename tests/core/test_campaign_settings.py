"""R0.1: every fee, year, contact and code of the notice is the campaign's configuration, which the Graduate
School sets on a page; the sections read it from there."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from biye.core import actions
from biye.core.models import AuditEvent, Campaign

URL = reverse("campaign_settings")


def _form(campaign: Campaign, **changes) -> dict:
    data = {name: getattr(campaign, name) for name in actions.CAMPAIGN_SETTINGS}
    data.update(changes)
    return data


def _post(campaign: Campaign, **changes) -> dict:
    """The settings as the page sends them: an unset date is an empty field."""
    return {k: "" if v is None else v for k, v in _form(campaign, **changes).items()}


def test_R0_1_defaults_are_the_notice_values(campaign):
    assert (campaign.photo_fee, campaign.vendor_phone, campaign.school_code, campaign.photo_cutoff_year) == (
        Decimal("20"), "010-58691620", "10007", 2018)
    assert campaign.pinyin_style == "gb"


def test_R0_1_graduate_school_changes_the_fee_and_the_student_sees_it(people, client):
    client.force_login(people.gs)
    resp = client.post(URL, _post(people.campaign, photo_fee="25.00", vendor_phone="010-12345678"))
    assert resp.status_code == 302
    people.campaign.refresh_from_db()
    assert people.campaign.photo_fee == Decimal("25.00")
    event = AuditEvent.objects.get(action="core.update_campaign")
    assert event.before == {"photo_fee": "20.00", "vendor_phone": "010-58691620"}
    assert event.after == {"photo_fee": "25.00", "vendor_phone": "010-12345678"}
    client.force_login(people.student_a1.person)
    html = client.get(reverse("photos:student")).content.decode()
    assert "25" in html and "010-12345678" in html and "010-58691620" not in html


def test_R0_1_the_cutoff_year_decides_photo_list_a(people, client):
    people.student_a1.photo_on_file = False
    people.student_a1.save()  # enrolled 2017: on list A with the notice's 2018
    client.force_login(people.handler_a)
    assert people.student_a1.number in client.get(reverse("photos:list", args=["a"])).content.decode()
    client.force_login(people.gs)
    client.post(URL, _post(people.campaign, photo_cutoff_year=2016))
    client.force_login(people.handler_a)
    html = client.get(reverse("photos:list", args=["a"])).content.decode()
    assert people.student_a1.number not in html
    client.force_login(people.gs)
    client.post(URL, _post(people.campaign, photo_cutoff_year=2018))
    client.force_login(people.handler_a)
    assert people.student_a1.number in client.get(reverse("photos:list", args=["a"])).content.decode()


def test_R2_8_the_campaign_chooses_the_passport_style_for_proposals(people, client):
    from biye.names import queries

    assert queries.proposal("吕布", people.campaign.pinyin_style) == "Lü Bu"
    client.force_login(people.gs)
    client.post(URL, _post(people.campaign, pinyin_style="passport"))
    people.campaign.refresh_from_db()
    assert queries.proposal("吕布", people.campaign.pinyin_style) == "Lyu Bu"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"school_code": "1000A"}, "学校代码应为教育部公布的5位数字"),
        ({"photo_cutoff_year": 2021}, "不能晚于本届毕业年份 2020"),
        ({"photo_fee": "-1"}, "图像采集费不能为负数"),
    ],
)
def test_R0_1_bad_settings_are_refused_next_to_the_field_and_nothing_changes(people, client, changes, message):
    before = {name: getattr(people.campaign, name) for name in actions.CAMPAIGN_SETTINGS}
    client.force_login(people.gs)
    resp = client.post(URL, _post(people.campaign, **changes))
    assert resp.status_code == 200
    assert message in resp.content.decode()
    people.campaign.refresh_from_db()
    assert {name: getattr(people.campaign, name) for name in actions.CAMPAIGN_SETTINGS} == before
    assert not AuditEvent.objects.filter(action="core.update_campaign").exists()


def test_R0_1_a_stale_settings_page_cannot_undo_a_colleagues_change(people, client):
    client.force_login(people.gs)
    seen = client.get(URL).context["form"].initial["seen"]
    actions.update_campaign_settings(campaign=people.campaign, by=people.gs,
                                     values=_form(people.campaign, photo_fee=Decimal("30")))
    resp = client.post(URL, {**_post(people.campaign, photo_fee="20"), "seen": seen})
    assert "刚被其他人修改过" in resp.content.decode()
    people.campaign.refresh_from_db()
    assert people.campaign.photo_fee == Decimal("30")


def test_R0_1_only_the_graduate_school_sets_the_campaign(people, client):
    for person in (people.handler_a, people.dean_a, people.student_a1.person, people.vendor, people.archives):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, _post(people.campaign, photo_fee="0")).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.update_campaign_settings(campaign=people.campaign, by=people.handler_a,
                                         values=_form(people.campaign, photo_fee=Decimal("0")))
    people.campaign.refresh_from_db()
    assert people.campaign.photo_fee == Decimal("20")


def test_R0_1_saving_unchanged_settings_writes_no_event(people, client):
    client.force_login(people.gs)
    seen = client.get(URL).context["form"].initial["seen"]
    assert client.post(URL, {**_post(people.campaign), "seen": seen}).status_code == 302
    assert not AuditEvent.objects.filter(action="core.update_campaign").exists()
