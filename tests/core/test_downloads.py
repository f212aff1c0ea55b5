"""R5.3, issue 16: every file that leaves Biye is accounted for — an audit event with who, when, which export,
which filter and how many rows — and carries in its footer who exported it and when; the Graduate School reads
them on 数据导出记录."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from biye.core import downloads
from biye.core.models import AuditEvent
from tests.conftest import page_rows
from tests.core.test_scoping_walk import walk

BIYE = Path(__file__).resolve().parents[2] / "biye"


def _footer_of(xlsx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    found = re.search(r"<oddFooter>(.*?)</oddFooter>", sheet)
    return found.group(1) if found else ""


def test_R5_3_no_view_sends_a_file_but_through_core_downloads():
    """The one door: a Content-Disposition or FileResponse anywhere else would be a file nobody accounted for."""
    offenders = [
        f"{path.relative_to(BIYE)}:{n}"
        for path in BIYE.rglob("*.py") if path != BIYE / "core" / "downloads.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"Content-Disposition|FileResponse|content_disposition_header|as_attachment", line)
    ]
    assert not offenders, offenders


def test_R5_3_every_download_of_the_project_writes_its_event_with_the_row_count(people, client):
    """Every URL as the Graduate School and as the vendor: each answer that is a file has its event."""
    people.student_a2.photo_on_file = False
    people.student_a2.save(update_fields=["photo_on_file"])
    sent = []
    for person in (people.gs, people.vendor, people.handler_a):
        client.force_login(person)
        for name, route, args in walk():
            if args or name in ("logout",):
                continue
            for extra in ("", "?college=07", "?format=xlsx"):
                resp = client.get("/" + route + extra)
                disposition = resp.get("Content-Disposition", "")
                if resp.status_code == 200 and "attachment" in disposition:
                    sent.append((person, name, extra, disposition))
    for which in ("a", "b"):
        client.force_login(people.gs)
        resp = client.get(f"/photos/list/{which}/xlsx/", {"college": "07"})
        sent.append((people.gs, f"photos:list_xlsx {which}", "?college=07", resp["Content-Disposition"]))
    assert {name for _p, name, _e, _d in sent} >= {"roster:template", "photos:vendor_list_xlsx",
                                                   "photos:list_xlsx a", "photos:list_xlsx b", "audit"}
    assert any(extra == "?format=xlsx" for _p, _n, extra, _d in sent)  # the list pages' Excel
    events = list(AuditEvent.objects.filter(action="core.download").order_by("id"))
    assert len(events) == len(sent)
    for (person, name, _extra, _disposition), event in zip(sent, events, strict=True):
        assert event.actor == person, name
        assert isinstance(event.after["rows"], int), name
    list_a = events[-2]
    assert list_a.after["rows"] == 1 and list_a.after["filter"] == {"college": "07"}
    assert list_a.college == people.college_a and list_a.after["kind"] == "photos.list-a"


def test_R5_3_each_exported_sheet_says_who_exported_it_and_when(people, client):
    client.force_login(people.gs)
    data = client.get("/photos/list/b/xlsx/").content
    assert _footer_of(data) == "&amp;L导出：王老师（gs） 2020-06-10 09:00"


def test_R5_3_official_forms_carry_the_footer_too():
    from biye.core import official

    form = official.OfficialForm(title="附件6", headers=["学号", "姓名"], rows=[["1", "甲"]])
    buffer = io.BytesIO()
    official.write_xlsx(buffer, form, footer="导出：甲 & 乙 2020-06-10 09:00")
    assert "导出：甲 &amp;&amp; 乙 2020-06-10 09:00" in _footer_of(buffer.getvalue())
    assert "第 &amp;P 页" in _footer_of(buffer.getvalue())


def test_R5_3_the_roster_error_report_is_accounted_for(people, client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.roster.conftest import roster_rows, to_xlsx

    settings.VAR_DIR = tmp_path
    client.force_login(people.gs)
    rows = roster_rows(3)
    rows[0]["姓名"] = ""
    rows[2]["学院名称"] = ""
    resp = client.post("/roster/", {"file": SimpleUploadedFile("r.xlsx", to_xlsx(rows))})
    errors = len(resp.context["report"].errors)
    assert errors >= 2
    report = client.get(f"/roster/errors/{resp.context['token']}.xlsx")
    assert report.status_code == 200 and "attachment" in report["Content-Disposition"]
    assert "导出：王老师（gs）" in _footer_of(b"".join(report.streaming_content))
    event = AuditEvent.objects.get(action="core.download")
    assert event.after["kind"] == "roster.error_report" and event.after["rows"] == errors


def test_R5_3_biye_export_writes_its_event_as_the_system_actor_or_by(people, tmp_path, capsys):
    people.student_a2.photo_on_file = False
    people.student_a2.save(update_fields=["photo_on_file"])
    call_command("export", "photo-list-b", "-o", str(tmp_path / "b.xlsx"))
    event = AuditEvent.objects.get(action="core.download")
    assert event.actor_label == "系统（命令行）" and event.after["rows"] == 2 and event.after["file"] == "b.xlsx"
    assert "系统（命令行）" in _footer_of((tmp_path / "b.xlsx").read_bytes())

    call_command("export", "photo-list-b", "--college", "07", "--by", "handler_a", "-o", str(tmp_path / "a.xlsx"))
    latest = AuditEvent.objects.filter(action="core.download").latest("id")
    assert latest.actor == people.handler_a and latest.after["rows"] == 1 and latest.college == people.college_a
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="无权"):
        call_command("export", "photo-list-b", "--college", "03", "--by", "handler_a", "-o", str(tmp_path / "c.xlsx"))
    assert AuditEvent.objects.filter(action="core.download").count() == 2


def _log(person, *, kind: str, college=None, rows: int = 3, at=None):
    return downloads.record_export(person, kind=kind, title=f"标题{kind}", filename=f"{kind}.xlsx", rows=rows,
                                   filter={"q": "x"}, college=college, at=at)


def test_R5_3_the_export_log_lists_every_export_filterable_by_person_and_college(people, client,
                                                                               django_assert_max_num_queries):
    for i in range(60):
        _log(people.gs, kind=f"k{i}")
    _log(people.handler_a, kind="mine", college=people.college_a, rows=7)
    _log(people.handler_b, kind="theirs", college=people.college_b)
    client.force_login(people.gs)
    with django_assert_max_num_queries(12):
        rows = page_rows(client.get("/gs/exports/"))
    assert len(rows) == 50 and rows[0].after["kind"] == "theirs"
    html = client.get("/gs/exports/", {"who": "经办人甲"}).content.decode()
    assert "mine.xlsx" in html and "theirs.xlsx" not in html and "k1.xlsx" not in html
    assert ">7<" in html and "计算机学院" in html
    rows = page_rows(client.get("/gs/exports/", {"college": "03"}))
    assert [r.after["kind"] for r in rows] == ["theirs"]
    rows = page_rows(client.get("/gs/exports/", {"who": "handler_b"}))
    assert [r.after["kind"] for r in rows] == ["theirs"]
    assert page_rows(client.get("/gs/exports/", {"page": 2}))[-1].after["kind"] == "k0"


def test_R5_3_only_the_graduate_school_reads_the_export_log(people, client):
    _log(people.gs, kind="k")
    for person in (people.handler_a, people.dean_a, people.vendor, people.student_a1.person):
        client.force_login(person)
        resp = client.get("/gs/exports/")
        assert resp.status_code == 403 and "k.xlsx" not in resp.content.decode()


def test_R5_3_a_pdf_download_says_on_every_page_who_exported_it(people, client):
    """附件6 as PDF through send_file: the exporter's line is at the foot of each page."""
    from pypdf import PdfReader

    client.force_login(people.handler_a)
    resp = client.get("/records/college/07/sheet.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    pages = [p.extract_text().replace("\x00", "") for p in PdfReader(io.BytesIO(resp.content)).pages]
    assert pages and all("导出：经办人甲（handler_a） 2020-06-10 09:00" in text for text in pages)
    event = AuditEvent.objects.get(action="core.download")
    assert event.after["kind"] == "records.verification-sheet" and event.college == people.college_a
    assert event.after["rows"] == 2  # student_a1 and student_a2


def test_R5_3_the_diplomas_downloads_write_their_events(people, client):
    """The sign-for sheet and 附件9 of a college, and an issued study certificate (diplomas, landed later)."""
    from tests.core.test_scoping_walk import _study_for

    certificate = _study_for(people.student_a1)
    client.force_login(people.handler_a)
    for form, fmt in (("sign-for-sheet", "xlsx"), ("study-certificates", "pdf")):
        resp = client.get("/diplomas/college/07/download/", {"form": form, "format": fmt})
        assert resp.status_code == 200 and "attachment" in resp["Content-Disposition"], form
    resp = client.get(f"/diplomas/study/{certificate.pk}/pdf/")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    events = list(AuditEvent.objects.filter(action="core.download").order_by("id"))
    assert [e.after["kind"] for e in events] == [
        "diplomas.sign-for-sheet", "diplomas.study-certificates", "diplomas.study-certificate"]
    assert all(isinstance(e.after["rows"], int) and e.actor == people.handler_a for e in events)
    assert events[1].after["rows"] == 1 and events[1].after["filter"] == {"form": "study-certificates", "format": "pdf"}
