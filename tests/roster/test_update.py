"""R0.2 (issue 15): partial updates keyed by 学号 — a file of 学号 and some columns sets just those fields of
students already on the roster, audited field by field; a 学号 not on the roster refuses the file; corrected
fields stay as corrected; the command (--update) and the upload page both offer it."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from biye.core.models import AuditEvent, Student
from tests.roster.conftest import roster_rows, run_import, to_xlsx
from tests.roster.test_keeps_corrections import correct

FIELDS = ("name", "gender", "birth_date", "id_number", "college_id", "discipline_id", "level", "study_mode",
          "enrolled_on", "expected_term", "advisor_number", "training_type", "certificate_type", "version")


def _state() -> dict[str, tuple]:
    return {s["number"]: tuple(s[f] for f in FIELDS)
            for s in Student.objects.values("number", *FIELDS)}


def _imported(gs, n=4):
    rows = roster_rows(n)
    for r in rows:
        r["培养方式"], r["证书类型"], r["民族"] = "非定向", "双证", "汉族"
    assert run_import(to_xlsx(rows), by=gs).created == n
    return rows


def _update(rows, headers, gs, **kwargs):
    return run_import(to_xlsx(rows, headers), by=gs, update=True, **kwargs)


def test_R0_2_an_update_of_training_type_and_certificate_changes_exactly_those_and_audits_each_field(gs):
    rows = _imported(gs)
    before = _state()
    events = AuditEvent.objects.count()
    sheet = [{"学号": rows[0]["学号"], "培养方式": "定向", "证书类型": "单证"},
             {"学号": rows[1]["学号"], "培养方式": "委培", "证书类型": "双证"},  # 证书类型 as stored: not an event
             {"学号": rows[2]["学号"], "培养方式": "非定向", "证书类型": "双证"}]  # nothing changes
    headers = ["学号", "培养方式", "证书类型"]

    dry = _update(sheet, headers, gs, dry_run=True)
    assert dry.ok and (dry.rows, dry.created, dry.changed, dry.unchanged) == (3, 0, 2, 1)
    assert dry.summary_lines()[0] == "按学号更新已有学生，只更新文件中的列：培养方式、证书类型"
    assert _state() == before and AuditEvent.objects.count() == events

    report = _update(sheet, headers, gs)
    assert report.ok and report.changed == 2
    after = _state()
    changed = {number for number in before if before[number] != after[number]}
    assert changed == {rows[0]["学号"], rows[1]["学号"]}
    for number in changed:  # every other field as it was
        assert before[number][:-3] == after[number][:-3]
    assert after[rows[0]["学号"]][-3:] == ("定向", "单证", before[rows[0]["学号"]][-1] + 1)
    assert after[rows[1]["学号"]][-3:] == ("委培", "双证", before[rows[1]["学号"]][-1] + 1)
    updates = list(AuditEvent.objects.filter(action="roster.update").order_by("pk").values_list("before", "after"))
    assert sorted(updates, key=str) == sorted([
        ({"training_type": "非定向"}, {"training_type": "定向"}),
        ({"certificate_type": "双证"}, {"certificate_type": "单证"}),
        ({"training_type": "非定向"}, {"training_type": "委培"}),
    ], key=str)
    assert _update(sheet, headers, gs).changed == 0  # the same file again: nothing to do


def test_R0_2_an_unknown_student_number_refuses_the_update_with_row_and_column(gs):
    rows = _imported(gs, 2)
    before, events = _state(), AuditEvent.objects.count()
    sheet = [{"XH": rows[0]["学号"], "培养方式": "定向"}, {"XH": "2099999999", "培养方式": "定向"}]
    report = _update(sheet, ["XH", "培养方式"], gs)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(3, "XH（学号）", "2099999999")]
    assert "不在2020届的名单中" in str(report.errors[0])
    assert _state() == before and AuditEvent.objects.count() == events


def test_R0_2_an_update_keeps_a_corrected_field(gs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = _imported(gs, 2)
    student = Student.objects.get(number=rows[0]["学号"])
    correct(student, {"ethnicity": "回族"}, gs)
    report = _update([{"学号": rows[0]["学号"], "民族": "汉族", "证书类型": "单证"}], ["学号", "民族", "证书类型"], gs)
    student.refresh_from_db()
    assert (student.ethnicity, student.certificate_type) == ("回族", "单证")
    assert report.corrections_kept == [(2, student.number, "民族", "回族", "汉族")]


def test_R0_2_an_update_file_needs_a_column_besides_the_student_number_and_never_creates_a_college(gs):
    rows = _imported(gs, 2)
    before = _state()
    only = _update([{"学号": rows[0]["学号"]}], ["学号"], gs)
    assert [e.row for e in only.errors] == [1] and "至少应有一列" in str(only.errors[0])
    bad_code = _update([{"学号": rows[0]["学号"], "学院代码": "999"}], ["学号", "学院代码"], gs)
    assert [(e.row, e.column, e.value) for e in bad_code.errors] == [(2, "学院代码", "999")]
    bad_cell = _update([{"学号": rows[0]["学号"], "证书类型": "三证"}], ["学号", "证书类型"], gs)
    assert [(e.row, e.column) for e in bad_cell.errors] == [(2, "证书类型")]
    assert _state() == before


def test_R0_2_command_update_flag(db, gs, tmp_path, capsys):
    rows = _imported(gs, 2)
    path = tmp_path / "update.xlsx"
    path.write_bytes(to_xlsx([{"学号": rows[1]["学号"], "证书类型": "单证"}], ["学号", "证书类型"]))
    call_command("import-roster", str(path), "--campaign", "2020", "--update")
    assert "只更新文件中的列：证书类型" in capsys.readouterr().out
    assert Student.objects.get(number=rows[1]["学号"]).certificate_type == "单证"


def test_R0_2_the_upload_page_offers_the_update_and_confirms_it(gs, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = _imported(gs, 2)
    client.force_login(gs)
    data = to_xlsx([{"学号": rows[0]["学号"], "培养方式": "委培"}], ["学号", "培养方式"])
    page = client.post(reverse("roster:upload"), {"file": SimpleUploadedFile("u.xlsx", data), "update": "on"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "只更新文件中的列：培养方式" in text
    token = page.context["token"]
    assert Student.objects.get(number=rows[0]["学号"]).training_type == "非定向"
    done = client.post(reverse("roster:confirm"), {"token": token})
    assert done.status_code == 200 and "学籍名单已导入" in done.content.decode()
    assert Student.objects.get(number=rows[0]["学号"]).training_type == "委培"
    assert Student.objects.get(number=rows[1]["学号"]).training_type == "非定向"


def test_R0_2_an_unknown_header_in_an_update_is_refused_not_ignored(gs):
    rows = _imported(gs, 2)
    before, events = _state(), AuditEvent.objects.count()
    report = _update([{"学号": rows[0]["学号"], "培养方试": "定向", "证书类型": "单证"}], ["学号", "培养方试", "证书类型"], gs)
    assert [(e.row, e.column) for e in report.errors] == [(1, "培养方试")]
    assert "无法识别的列「培养方试」" in str(report.errors[0])
    assert _state() == before and AuditEvent.objects.count() == events
