"""R5.3, issue 16: `biye purge --campaign YEAR [--dry-run]` removes a finished campaign's personal data after its
retention and keeps what the archives must keep — checked row by row on a small university imported through the
real roster import (2016届), beside the current campaign (2020届), which must not change at all."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from biye.core import audit, purge
from biye.core.actions import system_actor
from biye.core.models import AuditEvent, Campaign, Finding, Student
from biye.core.privacy import DELETED
from tests.conftest import at
from tests.roster.conftest import roster_rows, run_import, to_xlsx

KEPT = ("number", "name", "gender", "ethnicity", "college_id", "discipline_id", "level", "training_type",
        "certificate_type", "enrolled_on", "expected_term", "photo_on_file", "person_id")


@pytest.fixture
def university(people, clock):
    """2016届: twelve students (two with flawed ID numbers), imported, then a second roster that adds a thirteenth
    and corrects one ID number (a "roster.update" event holding the old and new number); one reveal of a number."""
    clock(2016, 5, 1, 9)
    rows = roster_rows(13, campaign_year=2016, flaws=2)
    run_import(to_xlsx(rows[:12]), year=2016)
    old = Campaign.objects.get(year=2016)
    corrected = dict(rows[3])
    old_number = corrected["证件号码"]
    corrected["证件号码"] = "110101199001010019"
    run_import(to_xlsx([*rows[:3], corrected, *rows[4:]]), year=2016)
    student = Student.objects.get(campaign=old, number=corrected["学号"])
    assert AuditEvent.objects.get(action="roster.update", student=student).before == {"id_number": old_number}
    audit.record(people.gs, "core.reveal_id_number", student)
    _application(student, old_number)
    return old, old_number


def _application(student, old_number):
    """A correction application (records) quoting the old number and birth date, with its evidence file."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from biye.records.models import Correction, Evidence

    c = Correction.objects.create(
        student=student, before={"id_number": old_number, "birth_date": "1990-01-01", "name": student.name},
        after={"id_number": student.id_number, "birth_date": "1990-01-02", "name": student.name}, reason="证件更换",
        status=Correction.Status.APPROVED, submitted_by=student.person, submitted_at=timezone.now())
    stored = default_storage.save("evidence/purge-test.pdf", ContentFile(b"%PDF-1.4 scan"))
    Evidence.objects.create(correction=c, original_name="身份证.pdf", kind="pdf", size=13, sha256="0" * 64,
                            stored_as=stored, uploaded_at=timezone.now())


def _rows(campaign):
    return {s.number: s for s in Student.objects.filter(campaign=campaign)}


def _files(campaign) -> list[str]:
    events = AuditEvent.objects.filter(action="roster.import", object_id=str(campaign.pk))
    return [e.after["source"] for e in events if e.after]


def test_R5_3_retention_ends_three_years_after_the_last_deadline(university):
    old, _ = university
    assert purge.last_deadline(old) == at(2016, 6, 30)  # 附件9, 06-29 24:00
    assert purge.retention_ends(old) == at(2019, 6, 30)
    old.retention_years = 5
    assert purge.retention_ends(old) == at(2021, 6, 30)


def test_R5_3_purge_refuses_a_campaign_inside_its_retention_and_says_until_when(university, clock):
    old, _ = university
    clock(2019, 6, 29, 23, 59)
    before = list(Student.objects.order_by("pk").values_list("id_number", "birth_date"))
    with pytest.raises(CommandError, match=r"2016届的个人信息保存至 2019-06-30 00:00"):
        call_command("purge", "--campaign", "2016")
    with pytest.raises(CommandError, match="保存至"):
        call_command("purge", "--campaign", "2016", "--dry-run")
    assert list(Student.objects.order_by("pk").values_list("id_number", "birth_date")) == before
    assert not AuditEvent.objects.filter(action="core.purge").exists()
    with pytest.raises(CommandError, match="没有 1999 届"):
        call_command("purge", "--campaign", "1999")


def test_R5_3_dry_run_says_what_it_would_remove_and_removes_nothing(university, clock, capsys):
    old, _ = university
    clock(2019, 7, 1, 9)
    events = AuditEvent.objects.count()
    call_command("purge", "--campaign", "2016", "--dry-run")
    out = capsys.readouterr().out
    assert "试运行" in out and "证件号码：13 名学生" in out and "出生日期：13 名学生" in out
    assert "操作记录中的证件号码、出生日期：1 条记录" in out and "原始学籍名单文件：2 个" in out
    assert "学籍更正申请的证明材料文件：1" in out and "学籍更正申请中的证件号码、出生日期：1" in out
    assert Student.objects.filter(campaign=old, id_number="").count() == 0
    assert AuditEvent.objects.count() == events
    assert all(default_storage.exists(name) for name in _files(old))


def test_R5_3_purge_removes_what_it_says_and_keeps_what_it_must(university, people, clock, capsys):
    old, old_number = university
    clock(2019, 7, 1, 9)
    students_before, current_before = _rows(old), _rows(people.campaign)
    events_before = {e.pk: (e.action, e.actor_id, e.at, e.before, e.after, e.note) for e in AuditEvent.objects.all()}
    findings_before = Finding.objects.filter(student__campaign=old).count()
    personal_findings = Finding.objects.filter(student__campaign=old, code__in=purge.PERSONAL_FINDINGS).count()
    assert personal_findings >= 2
    files = _files(old)
    from biye.records.models import Evidence

    scan = Evidence.objects.get(correction__student__campaign=old).stored_as
    assert default_storage.exists(scan)
    assert len(files) == 2 and all(default_storage.exists(n) for n in files)

    call_command("purge", "--campaign", "2016")
    out = capsys.readouterr().out
    assert "已删除" in out and "证件号码：13 名学生" in out

    # Row by row: the personal values are gone, everything the archives keep is as it was.
    after = _rows(old)
    assert set(after) == set(students_before)
    for number, s in after.items():
        assert (s.id_number, s.birth_date) == ("", None), number
        for name in KEPT:
            assert getattr(s, name) == getattr(students_before[number], name), (number, name)
    for number, s in _rows(people.campaign).items():  # another campaign: untouched
        for name in (*KEPT, "id_number", "birth_date"):
            assert getattr(s, name) == getattr(current_before[number], name)
    assert not Finding.objects.filter(student__campaign=old, code__in=purge.PERSONAL_FINDINGS).exists()
    assert Finding.objects.filter(student__campaign=old).count() == findings_before - personal_findings

    # The audit trail: every event still there; in the one that held ID numbers, only those values changed.
    purge_event = AuditEvent.objects.get(action="core.purge")
    assert purge_event.after["id_numbers"] == 13 and purge_event.after["files"] == 2
    assert purge_event.actor == system_actor()
    for pk, (action, actor, moment, before, after_, note) in events_before.items():
        e = AuditEvent.objects.get(pk=pk)
        assert (e.action, e.actor_id, e.at, e.note) == (action, actor, moment, note)
        if action == "roster.update":
            assert before["id_number"] == old_number and e.before["id_number"] == DELETED
            assert e.after["id_number"] == DELETED
            assert {k: v for k, v in e.before.items() if k != "id_number"} == \
                {k: v for k, v in before.items() if k != "id_number"}
        else:
            assert (e.before, e.after) == (before, after_), action
    assert not any(old_number in str(e.before) + str(e.after) for e in AuditEvent.objects.all())
    assert not any(default_storage.exists(n) for n in files)

    # The records section's part: the evidence file is gone (its row, name and size stay with the approval),
    # and the application's quoted values read （已删除）.
    from biye.records.models import Correction, Evidence

    evidence = Evidence.objects.get(correction__student__campaign=old)
    assert evidence.stored_as == "" and evidence.original_name == "身份证.pdf" and evidence.size == 13
    assert not default_storage.exists(scan)
    application = Correction.objects.get(student__campaign=old)
    assert application.before["id_number"] == application.after["birth_date"] == DELETED
    assert application.before["name"] == application.after["name"] != DELETED
    assert application.status == Correction.Status.APPROVED
    assert purge_event.after["records.evidence"] == 1 and purge_event.after["records.corrections"] == 1


def test_R5_3_a_second_purge_changes_nothing(university, clock, capsys):
    old, _ = university
    clock(2019, 7, 1, 9)
    call_command("purge", "--campaign", "2016")
    capsys.readouterr()
    snapshot = (list(Student.objects.order_by("pk").values()), list(AuditEvent.objects.order_by("pk").values()),
                list(Finding.objects.order_by("pk").values()))
    clock(2019, 7, 2, 9)
    call_command("purge", "--campaign", "2016")
    assert "没有需要删除的个人信息，未做任何改动" in capsys.readouterr().out
    assert snapshot == (list(Student.objects.order_by("pk").values()), list(AuditEvent.objects.order_by("pk").values()),
                        list(Finding.objects.order_by("pk").values()))


def test_R5_3_pages_and_files_cope_with_a_purged_campaign(university, people, clock, client):
    old, _ = university
    clock(2019, 7, 1, 9)
    purge.purge_campaign(campaign=old, by=system_actor())
    student = Student.objects.filter(campaign=old).first()
    client.force_login(people.gs)
    page = client.get(f"/students/{student.pk}/")
    assert page.status_code == 200 and page.content.decode().count(DELETED) >= 2
    Campaign.objects.update(is_current=False)
    Campaign.objects.filter(pk=old.pk).update(is_current=True)
    assert client.get("/photos/list/b/xlsx/").status_code == 200
    assert client.get(f"/college/{student.college.code}/").status_code == 200


def test_R5_3_only_the_graduate_school_purges(university, people, clock):
    from django.core.exceptions import PermissionDenied

    old, _ = university
    clock(2019, 7, 1, 9)
    with pytest.raises(PermissionDenied):
        purge.purge_campaign(campaign=old, by=people.handler_a)
    assert not Student.objects.filter(campaign=old, id_number="").exists()


def test_R5_3_a_study_certificate_registered_by_hand_loses_its_id_number_and_keeps_the_rest(university, people, clock):
    """附件9: a graduate of an earlier year is registered by hand (no roster record): the diplomas section clears the
    number in the registration and in its audit event; the certificate's other facts and code stay."""
    import datetime as dt

    from biye.diplomas.models import StudyCertificate

    old, _ = university
    college = Student.objects.filter(campaign=old).first().college
    row = StudyCertificate.objects.create(
        campaign=old, college=college, number="2012000001", name="往届生", gender="女", id_number="110101199001010019",
        master_number="2012M001", master_discipline="计算机科学与技术", master_from=dt.date(2012, 9, 1),
        master_to=dt.date(2014, 8, 31), to_phd_on=dt.date(2014, 9, 1), finished_on=dt.date(2016, 6, 30),
        registered_at=at(2016, 5, 2, 9), registered_by=people.gs, code="verify-me")
    event = audit.record(people.gs, "diplomas.study_register", row, college=college,
                         after={"number": row.number, "name": row.name, "id_number": row.id_number})
    clock(2019, 7, 1, 9)
    found = purge.purge_campaign(campaign=old, by=system_actor())
    assert found.sections["diplomas.study_certificates"] == 1
    row.refresh_from_db()
    event.refresh_from_db()
    assert row.id_number == "" and (row.name, row.master_number, row.code) == ("往届生", "2012M001", "verify-me")
    assert event.after == {"number": "2012000001", "name": "往届生", "id_number": DELETED}
