"""R2.7: a wrong field is corrected only through a written application with evidence, approved by the college and
then the Graduate School; the change and its approvals are kept for ever."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Person, Student
from biye.records import actions
from biye.records.models import Correction, Evidence
from tests.records.conftest import PDF, jpeg_bytes, png_bytes, stored_files


def apply(student, changes, files=None, reason="户籍证明上的民族为回族"):
    return actions.apply_for_correction(student=student, by=student.person, changes=changes, reason=reason,
                                        files=files if files is not None else [actions.Upload("证明.pdf", PDF)])


def approve_both(correction, people):
    actions.college_decide(correction=correction, by=people.handler_a, approve=True, note="", version=correction.version)
    correction.refresh_from_db()
    return actions.gs_decide(correction=correction, by=people.gs, approve=True, note="", version=correction.version)


def test_R2_7_one_correction_from_the_student_with_an_evidence_file_through_the_college_to_the_gs(
        client, people, clock, media):
    student = people.student_a1
    client.force_login(student.person)
    page = client.get("/records/me/").content.decode()
    for label in ("姓名", "性别", "学号", "民族", "出生日期", "证件号码", "专业", "培养层次"):
        assert f"<dt>{label}</dt>" in page
    response = client.post("/records/me/", {
        "op": "apply", "ethnicity": "回族", "reason": "户籍证明上的民族为回族",
        "files": SimpleUploadedFile("户籍证明.png", png_bytes(), content_type="image/png"),
    }, follow=True)
    assert "更正申请已提交" in response.content.decode()
    correction = Correction.objects.get()
    assert (correction.before, correction.after, correction.status) == ({"ethnicity": "汉族"}, {"ethnicity": "回族"}, "college")
    assert len(stored_files(media)) == 1

    client.force_login(people.handler_a)
    college_page = client.get("/records/college/07/").content.decode()
    assert f'href="/records/corrections/{correction.pk}/">{student.number}' in college_page
    detail = client.get(f"/records/corrections/{correction.pk}/").content.decode()
    assert "户籍证明.png" in detail and "汉族" in detail and "回族" in detail and 'id="decision-form"' in detail
    client.post(f"/records/corrections/{correction.pk}/", {"decision": "approve", "note": "", "version": 1})
    correction.refresh_from_db()
    assert correction.status == "gs" and correction.college_by == people.handler_a
    student.refresh_from_db()
    assert student.ethnicity == "汉族"  # the college's approval alone changes nothing

    client.force_login(people.gs)
    assert student.number in client.get("/records/gs/").content.decode()
    response = client.post(f"/records/corrections/{correction.pk}/", {"decision": "approve", "note": "同意", "version": 2},
                           follow=True)
    assert "已批准，学籍已更正" in response.content.decode()
    student.refresh_from_db()
    assert student.ethnicity == "回族" and student.protected_fields == {"ethnicity": "汉族"} and student.version == 2
    event = AuditEvent.objects.get(action="records.correct")
    assert (event.before, event.after, event.actor) == ({"ethnicity": "汉族"}, {"ethnicity": "回族"}, people.gs)
    # Kept for ever, and the record shows it.
    client.force_login(student.person)
    page = client.get("/me/record/").content.decode()
    assert "以下信息已按批准的更正申请更正：民族" in page
    page = client.get("/records/me/").content.decode()
    assert "已批准，学籍已更正" in page and "户籍证明.png" in page


def test_R2_7_nothing_can_delete_an_application_or_its_files(people, clock, media):
    correction = apply(people.student_a1, {"ethnicity": "回族"})
    approve_both(correction, people)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Correction.objects.filter(pk=correction.pk).delete()  # its evidence protects it
    assert Evidence.objects.filter(correction=correction).count() == 1 and len(stored_files(media)) == 1


def test_R2_7_a_corrected_student_number_keeps_the_login_working_and_the_old_number_in_the_history(
        client, people, clock, media):
    student = people.student_a1
    old = student.number
    correction = apply(student, {"number": "3120999999"}, reason="学号录入有误")
    approve_both(correction, people)
    student.refresh_from_db()
    person = Person.objects.get(pk=student.person_id)
    assert student.number == "3120999999" and person.username == "3120999999"
    assert client.login(username="3120999999", password=f"pw-{old}")
    assert client.get("/records/me/").status_code == 200
    events = AuditEvent.objects.filter(action="records.correct", student=student)
    assert {"number": old} in [e.before for e in events] and {"username": old} in [e.before for e in events]


def test_R2_7_a_corrected_name_asks_for_a_new_pinyin_the_student_must_confirm_again(people, clock, media):
    from biye.names import actions as names_actions
    from biye.names.models import NameRecord

    student = people.student_a1
    names_actions.file_pinyin(student=student, by=student.person, spelling="Zeng Guofan", version=None,
                              now=clock(2020, 6, 10, 9))
    record = NameRecord.objects.get(student=student)
    names_actions.confirm_pinyin(student=student, by=student.person, version=record.version, now=clock(2020, 6, 14, 9))
    clock(2020, 6, 15, 10)
    approve_both(apply(student, {"name": "曾国华"}, reason="身份证上的姓名为曾国华"), people)
    record.refresh_from_db()
    assert record.spelling == "Zeng Guohua" and record.confirmed_at is None and record.changed_after_confirmation
    assert Person.objects.get(pk=student.person_id).display_name == "曾国华"
    assert AuditEvent.objects.filter(action="names.repropose", student=student).exists()


@pytest.mark.parametrize("name, data, message", [
    ("成绩单.pdf", b"<html>not a pdf</html>", "不是 PDF、JPG 或 PNG 文件"),
    ("照片.jpg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "无法打开"),
    ("照片.png", b"\x89PNG\r\n\x1a\n" + b"broken", "无法打开"),
    ("扫描.pdf", b"%PDF-1.4 no end", "不是完整的 PDF"),
    ("大.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF\n", "有 10.0 MB，超过 10 MB"),
    ("空.png", b"", "空文件"),
])
def test_R2_7_an_evidence_file_that_is_not_what_it_claims_or_too_large_is_refused(
        client, people, clock, media, name, data, message):
    client.force_login(people.student_a1.person)
    page = client.post("/records/me/", {"op": "apply", "ethnicity": "回族", "reason": "x",
                                        "files": SimpleUploadedFile(name, data)}).content.decode()
    assert message in page
    assert not Correction.objects.exists() and not stored_files(media)


def test_R2_7_a_jpeg_photo_and_a_pdf_are_both_accepted(people, clock, media):
    correction = apply(people.student_a1, {"birth_date": "1995-03-08"},
                       files=[actions.Upload("a.jpg", jpeg_bytes()), actions.Upload("b.PDF", PDF)])
    assert [e.kind for e in correction.evidence.all()] == ["jpeg", "pdf"]
    assert len(stored_files(media)) == 2


@pytest.mark.parametrize("changes, field, message", [
    ({"ethnicity": "火星族"}, "ethnicity", "GB 3304"),
    ({"gender": "M"}, "gender", "应为“男”或“女”"),
    ({"birth_date": "1995-02-30"}, "birth_date", "存在的日期"),
    ({"id_number": "11010119950307"}, "id_number", "居民身份证号码应为18位"),
    ({"discipline": "999999"}, "discipline", "不在研究生院的专业表中"),
    ({"name": "张=三"}, "name", "姓名只能包含"),
    ({"level": "本科"}, "level", "应为“博士”或“硕士”"),
])
def test_R2_7_new_values_are_checked_as_the_roster_checks_them(people, clock, media, changes, field, message):
    with pytest.raises(ActionRefused, match=message) as refused:
        apply(people.student_a1, changes)
    assert refused.value.field == field
    assert not Correction.objects.exists() and not stored_files(media)


def test_R2_7_new_values_are_normalised_by_the_same_rules_as_a_roster_cell(people, clock, media):
    from biye.core import cells

    typed = {"name": "买买提∙艾力", "id_number": "110101 19950307009x", "birth_date": "1995年3月8日", "ethnicity": "回"}
    correction = apply(people.student_a1, typed)
    assert correction.after == {"name": "买买提·艾力", "id_number": "11010119950307009X", "birth_date": "1995-03-08",
                                "ethnicity": "回族"}
    # the roster import reads the same cells to the same values (core.cells, one home for each rule)
    assert cells.checked_person_name(typed["name"]) == correction.after["name"]
    assert cells.id_number(typed["id_number"], "居民身份证") == correction.after["id_number"]


def test_R2_7_an_application_needs_a_change_a_reason_and_evidence(people, clock, media):
    student = people.student_a1
    with pytest.raises(ActionRefused, match="至少填写一项"):
        apply(student, {"ethnicity": "汉族"})  # the value it already has
    with pytest.raises(ActionRefused, match="更正理由"):
        apply(student, {"ethnicity": "回族"}, reason="")
    with pytest.raises(ActionRefused, match="请上传证明材料"):
        apply(student, {"ethnicity": "回族"}, files=[])
    with pytest.raises(ActionRefused, match="另一名学生的学号"):
        apply(student, {"number": people.student_a2.number})
    assert not Correction.objects.exists()


def test_R2_7_only_the_student_applies_and_only_before_the_sheet_deadline(people, clock, media):
    with pytest.raises(PermissionDenied):
        actions.apply_for_correction(student=people.student_a1, by=people.handler_a, changes={"ethnicity": "回族"},
                                     reason="x", files=[actions.Upload("a.pdf", PDF)])
    clock(2020, 6, 19, 0)
    with pytest.raises(ActionRefused, match="截止"):
        apply(people.student_a1, {"ethnicity": "回族"})


def test_R2_7_the_college_returns_with_a_reason_and_the_student_may_apply_again(client, people, clock, media):
    correction = apply(people.student_a1, {"ethnicity": "回族"})
    with pytest.raises(ActionRefused, match="退回时请写明理由"):
        actions.college_decide(correction=correction, by=people.handler_a, approve=False, note="", version=1)
    with pytest.raises(PermissionDenied):
        actions.college_decide(correction=correction, by=people.handler_b, approve=True, note="", version=1)
    with pytest.raises(ActionRefused, match="不在研究生院审核环节"):
        actions.gs_decide(correction=correction, by=people.gs, approve=True, note="", version=1)
    actions.college_decide(correction=correction, by=people.handler_a, approve=False, note="请上传户口本", version=1)
    client.force_login(people.student_a1.person)
    page = client.get("/records/me/").content.decode()
    assert "学院退回" in page and "请上传户口本" in page and 'id="correction-form"' in page
    second = apply(people.student_a1, {"ethnicity": "回族"})
    assert Correction.objects.count() == 2 and second.status == "college"


def test_R2_7_the_gs_returns_with_a_reason_and_the_record_stays(people, clock, media):
    correction = apply(people.student_a1, {"ethnicity": "回族"})
    actions.college_decide(correction=correction, by=people.handler_a, approve=True, note="", version=1)
    with pytest.raises(ActionRefused, match="刚被其他人处理过"):
        actions.gs_decide(correction=correction, by=people.gs, approve=True, note="", version=1)
    actions.gs_decide(correction=correction, by=people.gs, approve=False, note="证明材料不清晰", version=2)
    people.student_a1.refresh_from_db()
    assert people.student_a1.ethnicity == "汉族" and people.student_a1.protected_fields == {}


def test_R2_7_a_record_changed_since_the_application_is_not_overwritten(people, clock, media):
    correction = apply(people.student_a1, {"ethnicity": "回族"})
    actions.college_decide(correction=correction, by=people.handler_a, approve=True, note="", version=1)
    Student.objects.filter(pk=people.student_a1.pk).update(ethnicity="满族")
    with pytest.raises(ActionRefused, match="已被修改"):
        actions.gs_decide(correction=correction, by=people.gs, approve=True, note="", version=2)
    correction.refresh_from_db()
    assert correction.status == "gs" and Student.objects.get(pk=people.student_a1.pk).ethnicity == "满族"


def test_R2_7_evidence_is_served_only_to_people_in_scope_as_an_attachment(client, people, clock, media):
    correction = apply(people.student_a1, {"ethnicity": "回族"})
    item = correction.evidence.get()
    url = f"/records/evidence/{item.token}/"
    for person in (people.student_a1.person, people.handler_a, people.gs):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff" and response["Content-Type"] == "application/pdf"
    for person in (people.student_a2.person, people.handler_b, people.vendor):
        client.force_login(person)
        assert client.get(url).status_code == 404
    assert item.stored_as.startswith("evidence/") and item.token not in item.stored_as  # the URL is not the path
    assert ".." not in item.stored_as


def test_R2_7_gs_queue_lists_applications_in_bounded_queries(client, people, clock, media, django_assert_max_num_queries):
    from tests.conftest import make_student

    for n in range(12):
        s = make_student(people.campaign, people.college_a, people.discipline, name="学生", id_number=f"11010119950307{n:04d}")
        c = apply(s, {"ethnicity": "回族"})
        actions.college_decide(correction=c, by=people.handler_a, approve=True, note="", version=1)
    client.force_login(people.gs)
    with django_assert_max_num_queries(15):
        response = client.get("/records/gs/")
    assert response.status_code == 200 and response.content.decode().count('class="application-row"') == 12
