"""R0.1, R5.1: deadlines are the campaign's configuration and are enforced on the server, in Asia/Shanghai."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from biye.core import actions, calendar
from biye.core.errors import ActionRefused
from biye.core.models import DEFAULT_CALENDAR, AuditEvent, Deadline
from tests.conftest import at

PINYIN = Deadline.Kind.PINYIN_FILING


def test_R0_1_defaults_are_the_notice_dates(campaign):
    d = {x.kind: x for x in campaign.deadlines.all()}
    assert d[Deadline.Kind.PHOTO_ONLINE].opens == at(2020, 6, 9, 0, 0)
    assert d[Deadline.Kind.PHOTO_ONLINE].closes == at(2020, 6, 13, 0, 0)  # 06-12 24:00
    assert d[Deadline.Kind.PHOTO_MAKEUP].closes == at(2020, 6, 21)
    assert d[Deadline.Kind.VERIFICATION_SUBMIT].closes == at(2020, 6, 19)
    assert d[Deadline.Kind.CONCLUSIONS].closes == at(2020, 6, 29, 12, 0)


def test_R5_1_last_second_of_the_deadline_day_is_open(campaign):
    assert calendar.is_open(campaign, PINYIN, at(2020, 6, 12, 23, 59, 59))
    calendar.require_open(campaign, PINYIN, at(2020, 6, 12, 23, 59, 59))


def test_R5_1_midnight_after_the_deadline_day_is_closed(campaign):
    assert not calendar.is_open(campaign, PINYIN, at(2020, 6, 13, 0, 0, 0))
    with pytest.raises(ActionRefused, match="已于 2020-06-12 24:00 截止"):
        calendar.require_open(campaign, PINYIN, at(2020, 6, 13, 0, 0, 0))


def test_R5_1_the_clock_is_shanghai_time_not_utc(campaign):
    import datetime as dt

    # 16:00 UTC on 06-12 is 00:00 on 06-13 in Shanghai: closed.
    assert not calendar.is_open(campaign, PINYIN, dt.datetime(2020, 6, 12, 16, 0, tzinfo=dt.UTC))
    assert calendar.is_open(campaign, PINYIN, dt.datetime(2020, 6, 12, 15, 59, 59, tzinfo=dt.UTC))


def test_R5_1_a_window_is_closed_before_it_opens(campaign):
    kind = Deadline.Kind.PHOTO_ONLINE
    assert not calendar.is_open(campaign, kind, at(2020, 6, 8, 23, 59, 59))
    assert calendar.is_open(campaign, kind, at(2020, 6, 9, 0, 0, 0))
    with pytest.raises(ActionRefused, match="尚未开始"):
        calendar.require_open(campaign, kind, at(2020, 6, 8, 23, 59, 59))


def test_R0_1_graduate_school_moves_a_deadline_and_it_is_audited(people, client, clock):
    client.force_login(people.gs)
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "opens": "", "closes": "2020-06-15T00:00"})
    assert resp.status_code == 302
    d = Deadline.objects.get(campaign=people.campaign, kind=PINYIN)
    assert d.closes == at(2020, 6, 15)
    event = AuditEvent.objects.get(action="core.set_deadline")
    assert event.actor == people.gs
    assert event.before["closes"].startswith("2020-06-12T16:00")  # stored in UTC
    assert calendar.is_open(people.campaign, PINYIN, at(2020, 6, 14, 23, 59, 59))


def test_R0_1_bad_dates_are_refused_and_nothing_changes(people, client, clock):
    client.force_login(people.gs)
    before = Deadline.objects.get(campaign=people.campaign, kind=Deadline.Kind.PHOTO_ONLINE).closes
    resp = client.post(
        reverse("calendar"),
        {"kind": Deadline.Kind.PHOTO_ONLINE, "opens": "2020-06-20T00:00", "closes": "2020-06-10T00:00"},
    )
    assert resp.status_code == 200
    assert "开始时间必须早于截止时间" in resp.content.decode()
    assert Deadline.objects.get(campaign=people.campaign, kind=Deadline.Kind.PHOTO_ONLINE).closes == before
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "closes": "not a date"})
    assert "“not a date”不是有效的日期和时间" in resp.content.decode()
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "closes": "2020-02-30 24:00"})
    assert "不是有效的日期和时间" in resp.content.decode()
    assert not AuditEvent.objects.filter(action="core.set_deadline").exists()


def test_R0_1_only_the_graduate_school_edits_the_calendar(people, client):
    for person in (people.handler_a, people.dean_a, people.student_a1.person, people.advisor, people.vendor):
        client.force_login(person)
        assert client.get(reverse("calendar")).status_code == 403
        assert client.post(reverse("calendar"), {"kind": PINYIN, "closes": "2021-01-01T00:00"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.set_deadline(campaign=people.campaign, kind=PINYIN, opens=None, closes=at(2021, 1, 1), by=people.handler_a)
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == at(2020, 6, 13)


def test_R0_1_calendar_page_shows_every_deadline(people, client):
    client.force_login(people.gs)
    html = client.get(reverse("calendar")).content.decode()
    for kind in Deadline.Kind:
        assert f'id="deadline-{kind.value}"' in html
    assert 'id="closes-conclusions" name="closes" form="f-conclusions" value="2020-06-29 12:00"' in html
    # R3: the autumn round's deadlines have no date until the Graduate School sets one.
    assert 'id="closes-autumn_defense" name="closes" form="f-autumn_defense" value=""' in html
    assert html.count("尚未安排") == 2


def test_R0_1_saving_over_a_deadline_someone_else_just_moved_is_refused(people, client, clock):
    from biye.core.models import Role
    from tests.conftest import make_person

    other = make_person("gs_other", (Role.GRADUATE_SCHOOL, None))
    client.force_login(people.gs)
    seen_by_first = client.get(reverse("calendar")).context["rows"]
    seen = next(row["seen"] for row in seen_by_first if row["deadline"].kind == PINYIN)
    # a colleague, on the page at the same time, moves the deadline first
    actions.set_deadline(campaign=people.campaign, kind=PINYIN, opens=None, closes=at(2020, 6, 20), by=other)

    resp = client.post(reverse("calendar"), {"kind": PINYIN, "opens": "", "closes": "2020-06-15T00:00", "seen": seen})
    assert resp.status_code == 200
    assert "刚被其他人改为" in resp.content.decode() and "2020-06-19 24:00" in resp.content.decode()
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == at(2020, 6, 20)
    assert AuditEvent.objects.filter(action="core.set_deadline").count() == 1

    fresh = next(row["seen"] for row in resp.context["rows"] if row["deadline"].kind == PINYIN)
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "opens": "", "closes": "2020-06-15T00:00", "seen": fresh})
    assert resp.status_code == 302
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == at(2020, 6, 15)


def test_R5_1_a_deadline_is_shown_as_the_notice_writes_it():
    """An exclusive 06-13 00:00 is the notice's "06-12 24:00"; other times are shown as they are."""
    assert calendar.format_due(at(2020, 6, 13, 0, 0)) == "2020-06-12 24:00"
    assert calendar.format_due(at(2020, 6, 29, 12, 0)) == "2020-06-29 12:00"
    assert calendar.format_due(at(2020, 7, 1, 0, 0)) == "2020-06-30 24:00"


def test_R0_1_annex_9_is_due_at_the_end_of_06_29_and_only_annex_8_at_noon(people, client):
    d = {x.kind: x for x in people.campaign.deadlines.all()}
    assert d[Deadline.Kind.STUDY_CERTIFICATES].closes == at(2020, 6, 30, 0, 0)  # 06-29 24:00
    assert d[Deadline.Kind.CONCLUSIONS].closes == at(2020, 6, 29, 12, 0)
    client.force_login(people.gs)
    html = client.get(reverse("calendar")).content.decode()
    assert 'id="closes-study_certificates" name="closes" form="f-study_certificates" value="2020-06-29 24:00"' in html


def test_R0_1_migration_moves_an_untouched_annex_9_noon_default_and_keeps_a_changed_one(people):
    import importlib

    from django.apps import apps

    from biye.core.models import Campaign

    migration = importlib.import_module("biye.core.migrations.0005_study_certificates_close_at_day_end")
    other = Campaign.objects.create(year=2021, label="2021届", is_current=False, photo_cutoff_year=2019)
    calendar.ensure_defaults(other)
    kind = Deadline.Kind.STUDY_CERTIFICATES
    Deadline.objects.filter(campaign=people.campaign, kind=kind).update(closes=at(2020, 6, 29, 12))  # old default
    Deadline.objects.filter(campaign=other, kind=kind).update(closes=at(2021, 6, 28, 17))  # moved by the GS

    migration.forwards(apps, None)

    assert Deadline.objects.get(campaign=people.campaign, kind=kind).closes == at(2020, 6, 30)
    assert Deadline.objects.get(campaign=other, kind=kind).closes == at(2021, 6, 28, 17)
    assert Deadline.objects.get(campaign=people.campaign, kind=Deadline.Kind.CONCLUSIONS).closes == at(2020, 6, 29, 12)
    migration.backwards(apps, None)
    assert Deadline.objects.get(campaign=people.campaign, kind=kind).closes == at(2020, 6, 29, 12)


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("06-15 24:00", at(2020, 6, 16), "2020-06-15 24:00"),  # the campaign's year
        ("2020-06-15 24:00", at(2020, 6, 16), "2020-06-15 24:00"),
        ("6月15日24:00", at(2020, 6, 16), "2020-06-15 24:00"),
        ("2020-06-30 24:00", at(2020, 7, 1), "2020-06-30 24:00"),  # the end of a month
        ("2020-06-15 17:30", at(2020, 6, 15, 17, 30), "2020-06-15 17:30"),
        ("2020-06-16T00:00", at(2020, 6, 16), "2020-06-15 24:00"),  # what the page sent before
    ],
)
def test_R0_1_a_deadline_is_typed_as_the_notice_writes_it(people, client, clock, typed, stored, shown):
    client.force_login(people.gs)
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "opens": "", "closes": typed})
    assert resp.status_code == 302
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == stored
    html = client.get(reverse("calendar")).content.decode()
    assert f'id="closes-{PINYIN}" name="closes" form="f-{PINYIN}" value="{shown}"' in html


def test_R0_1_rows_keep_the_notices_order_after_a_deadline_moves_past_the_others(people, client, clock):
    client.force_login(people.gs)
    order = [row["kind"] for row in client.get(reverse("calendar")).context["rows"]]
    assert order == [k.value for k in Deadline.Kind]
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "opens": "", "closes": "2020-07-05 24:00"}, follow=True)
    assert "日程已保存" in resp.content.decode()
    assert [row["kind"] for row in resp.context["rows"]] == order
    html = resp.content.decode()
    positions = [html.index(f'id="deadline-{kind}"') for kind in order]
    assert positions == sorted(positions)


def test_R0_1_moving_a_deadline_into_the_past_asks_first_and_the_server_checks_it(people, client, clock):
    client.force_login(people.gs)
    # 2020-06-10 09:00 now: closing the pinyin filing at the end of 06-09 would shut it at once.
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "opens": "", "closes": "2020-06-09 24:00"})
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "截止时间 2020-06-09 24:00 已经过去" in html and 'id="confirm-past-pinyin_filing"' in html
    assert f'id="closes-{PINYIN}" name="closes" form="f-{PINYIN}" value="2020-06-09 24:00"' in html  # kept as typed
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == at(2020, 6, 13)
    assert not AuditEvent.objects.filter(action="core.set_deadline").exists()
    token = next(row["confirm_past"] for row in resp.context["rows"] if row["deadline"].kind == PINYIN)

    # A confirmation of another moment than the one warned about is asked about again.
    resp = client.post(reverse("calendar"),
                       {"kind": PINYIN, "opens": "", "closes": "2020-06-08 24:00", "confirm_past": token})
    assert "截止时间 2020-06-08 24:00 已经过去" in resp.content.decode()
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == at(2020, 6, 13)

    resp = client.post(reverse("calendar"),
                       {"kind": PINYIN, "opens": "", "closes": "2020-06-09 24:00", "confirm_past": token}, follow=True)
    assert "日程已保存" in resp.content.decode()
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == at(2020, 6, 10)
    assert AuditEvent.objects.filter(action="core.set_deadline").count() == 1


def test_R0_1_a_future_deadline_or_an_unchanged_past_one_needs_no_confirmation(people, client, clock):
    clock(2020, 6, 20, 9)  # the pinyin filing closed on 06-12 24:00
    client.force_login(people.gs)
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "opens": "2020-06-01 08:00", "closes": "2020-06-12 24:00"})
    assert resp.status_code == 302
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).opens == at(2020, 6, 1, 8)
    resp = client.post(reverse("calendar"), {"kind": PINYIN, "opens": "", "closes": "2020-06-20 24:00"})
    assert resp.status_code == 302
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == at(2020, 6, 21)


def test_R0_1_reading_the_calendar_writes_nothing(people, client):
    """A campaign that lacks a kind of deadline (one added to the notice after it was created) reads the notice's
    default; no page creates the row, and setting it is the first (audited) write."""
    Deadline.objects.filter(campaign=people.campaign, kind=PINYIN).delete()
    people.campaign.__dict__.pop("_deadline_cache", None)
    assert calendar.deadline(people.campaign, PINYIN).closes == at(2020, 6, 13)
    for person, url in ((people.gs, reverse("calendar")), (people.gs, reverse("gs_overview")),
                        (people.student_a1.person, "/names/me/"), (people.student_a1.person, "/me/")):
        client.force_login(person)
        assert client.get(url).status_code == 200, url
    assert not Deadline.objects.filter(campaign=people.campaign, kind=PINYIN).exists()
    assert not AuditEvent.objects.exists()
    actions.set_deadline(campaign=people.campaign, kind=PINYIN, opens=None, closes=at(2020, 6, 14), by=people.gs)
    assert Deadline.objects.get(campaign=people.campaign, kind=PINYIN).closes == at(2020, 6, 14)
    assert AuditEvent.objects.get().action == "core.set_deadline"


def test_R0_1_a_new_campaign_comes_with_the_notices_calendar(people):
    campaign = actions.create_campaign(year=2021, by=people.gs)
    assert (campaign.label, campaign.photo_cutoff_year, campaign.is_current) == ("2021届", 2019, False)
    assert campaign.deadlines.count() == len(DEFAULT_CALENDAR)  # the autumn round's wait for the Graduate School
    assert campaign.deadlines.get(kind=PINYIN).closes == at(2021, 6, 13)
    assert AuditEvent.objects.get(action="core.create_campaign").actor == people.gs
    with pytest.raises(PermissionDenied):
        actions.create_campaign(year=2022, by=people.handler_a)
    with pytest.raises(ActionRefused, match="已经存在"):
        actions.create_campaign(year=2021, by=people.gs)


def test_R0_1_the_data_migration_gives_older_campaigns_their_calendar_and_the_system_actor(people):
    """Migration core 0004: campaigns created while reads still wrote may lack deadline rows; it adds the
    notice's defaults (leaving the ones that were set) and the system actor commands act as."""
    import importlib

    from django.apps import apps

    from biye.core.models import SYSTEM_USERNAME, Person

    migration = importlib.import_module("biye.core.migrations.0006_system_actor_and_calendars")
    actions.set_deadline(campaign=people.campaign, kind=PINYIN, opens=None, closes=at(2020, 6, 14), by=people.gs)
    Deadline.objects.filter(campaign=people.campaign).exclude(kind=PINYIN).delete()
    Person.objects.filter(username=SYSTEM_USERNAME).delete()
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # run twice (a re-applied migration): nothing doubles
    kinds = dict(Deadline.objects.filter(campaign=people.campaign).values_list("kind", "closes"))
    assert set(kinds) == set(DEFAULT_CALENDAR)  # not the autumn round's, which the notice does not date
    assert kinds[PINYIN] == at(2020, 6, 14) and kinds[Deadline.Kind.PHOTO_MAKEUP] == at(2020, 6, 21)
    system = Person.objects.get(username=SYSTEM_USERNAME)
    assert str(system) == "系统（命令行）" and not system.is_active
