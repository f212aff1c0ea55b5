"""R2.10: findings are resolved where they arise — by an approved correction, by the 附件5 table, or marked by
the college as checked and correct as it is — and each is shown to whoever can fix it."""

from __future__ import annotations

import pytest

from biye.core import findings
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Discipline, Finding
from biye.records import actions
from tests.conftest import make_student
from tests.records.conftest import PDF

BAD_CHECK_DIGIT = "110101199503070019"  # 110101199503070018 with a wrong last digit


@pytest.fixture
def bad_id(people):
    student = people.student_a1
    student.id_number = BAD_CHECK_DIGIT
    student.save()
    findings.refresh(campaign=people.campaign)
    return Finding.objects.get(student=student, code=Finding.Code.ID_CHECKSUM)


def test_R2_10_no_english_name_is_shown_to_the_gs_and_the_college_with_a_link_and_not_to_the_student_as_theirs(
        client, people, clock):
    d = Discipline.objects.create(code="0835", name_zh="软件工程")
    student = make_student(people.campaign, people.college_a, d, id_number="110101199503070077")
    findings.refresh(campaign=people.campaign)
    assert Finding.objects.get(student=student).code == Finding.Code.NO_ENGLISH_NAME

    client.force_login(student.person)
    page = client.get("/me/record/").content.decode()
    assert "专业缺少英文名称" in page and "学生无需申请更正" in page and "提交书面更正申请" not in page
    page = client.get("/records/me/").content.decode()
    assert "由研究生院补全，您无需申请更正" in page and 'id="record-findings"' not in page

    for person in (people.handler_a, people.gs):
        client.force_login(person)
        page = client.get(f"/students/{student.pk}/").content.decode()
        assert "/records/disciplines/?q=0835" in page
        page = client.get("/records/college/07/findings/").content.decode()
        assert "由研究生院在附件5中补全" in page and 'name="note"' not in page
    client.force_login(people.gs)
    assert "个有学生的专业缺少英文名称或不在附件5中" in client.get("/records/gs/").content.decode()
    with pytest.raises(ActionRefused, match="研究生院英文专业名称表"):
        actions.check_finding(finding=Finding.objects.get(student=student), by=people.handler_a, note="无误")


def test_R2_10_a_finding_shown_to_a_student_never_names_another_student(client, people):
    twin = make_student(people.campaign, people.college_b, people.discipline, name="双胞胎", number="3120777777",
                        id_number=people.student_a1.id_number)
    findings.refresh(campaign=people.campaign)
    assert "3120777777" in str(Finding.objects.get(student=people.student_a1, code=Finding.Code.DUPLICATE_ID))
    client.force_login(people.student_a1.person)
    for url in ("/me/record/", "/records/me/"):
        page = client.get(url).content.decode()
        assert "另一名学生相同" in page and "3120777777" not in page and twin.name not in page
    client.force_login(people.handler_a)  # the college that must sort it out sees whom it concerns
    assert "3120777777" in client.get(f"/students/{people.student_a1.pk}/").content.decode()


def test_R2_10_a_discipline_not_in_the_catalogue_is_a_finding_once_the_gs_has_a_table(people):
    other = Discipline.objects.create(code="0835", name_zh="软件工程", name_en="Software Engineering")
    student = make_student(people.campaign, people.college_a, other, id_number="110101199503070077")
    findings.refresh(campaign=people.campaign)
    assert not Finding.objects.filter(code=Finding.Code.NOT_IN_CATALOGUE).exists()  # no catalogue yet: no check
    actions.save_discipline(code="081200", name_zh="计算机科学与技术", name_en="Computer Science and Technology", by=people.gs)
    found = Finding.objects.get(code=Finding.Code.NOT_IN_CATALOGUE)
    assert found.student == student and "不在研究生院的学科目录" in found.detail
    assert str(found.get_code_display()) == "专业不在学科目录中"
    actions.save_discipline(code="0835", name_zh="软件工程", name_en="Software Engineering", by=people.gs)
    assert not Finding.objects.filter(code=Finding.Code.NOT_IN_CATALOGUE).exists()


@pytest.mark.parametrize("id_type, id_number", [
    ("护照", "E12345678"),
    ("港澳居民来往内地通行证", "H1234567801"),
    ("台湾居民来往大陆通行证", "12345678"),
    ("港澳台居民居住证", "810000199503070012"),
])
def test_R2_10_passports_and_hong_kong_macao_taiwan_documents_get_no_id_number_findings(people, id_type, id_number):
    student = make_student(people.campaign, people.college_a, people.discipline, id_type=id_type, id_number=id_number,
                           gender="女")
    findings.refresh(campaign=people.campaign)
    assert not Finding.objects.filter(student=student).exists()


def test_R2_10_the_college_marks_a_finding_as_checked_with_who_when_and_a_note(client, people, clock, bad_id):
    client.force_login(people.handler_a)
    assert "系统校验发现 1 条待处理的问题" in client.get("/college/07/").content.decode()
    page = client.get("/records/college/07/findings/").content.decode()
    assert "校验位" in page and 'name="note"' in page
    response = client.post("/records/college/07/findings/", {"finding": bad_id.pk, "note": "已核对身份证原件，号码无误"},
                           follow=True)
    assert "已记录核实情况" in response.content.decode()
    bad_id.refresh_from_db()
    assert (bad_id.checked_by, bad_id.check_note) == (people.handler_a, "已核对身份证原件，号码无误")
    assert bad_id.checked_at is not None
    assert "没有待处理的问题" in client.get("/records/college/07/findings/").content.decode()
    assert "核实无误" in client.get("/records/college/07/findings/?show=all").content.decode()
    assert "待处理的问题" not in client.get("/college/07/").content.decode()
    assert AuditEvent.objects.filter(action="records.check_finding").count() == 1
    # A refresh that finds the same problem keeps the mark.
    findings.refresh(campaign=people.campaign)
    bad_id.refresh_from_db()
    assert bad_id.checked_at is not None


def test_R2_10_a_mark_needs_a_note_and_a_handler_of_the_college(people, clock, bad_id):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(ActionRefused, match="请写明核实的情况"):
        actions.check_finding(finding=bad_id, by=people.handler_a, note="")
    with pytest.raises(PermissionDenied):
        actions.check_finding(finding=bad_id, by=people.handler_b, note="x")
    bad_id.refresh_from_db()
    assert bad_id.checked_at is None


def test_R2_10_a_changed_finding_loses_its_mark(people, clock, bad_id):
    actions.check_finding(finding=bad_id, by=people.handler_a, note="原件如此")
    people.student_a1.id_number = "110101199503070027"  # another wrong digit: another problem
    people.student_a1.save()
    findings.refresh(campaign=people.campaign)
    bad_id.refresh_from_db()
    assert bad_id.checked_at is None and bad_id.check_note == ""


def test_R2_10_an_approved_correction_fixes_the_finding(people, clock, media, bad_id):
    student = people.student_a1
    c = actions.apply_for_correction(student=student, by=student.person, changes={"id_number": "110101199503070018"},
                                     reason="录入有误", files=[actions.Upload("id.pdf", PDF)])
    actions.college_decide(correction=c, by=people.handler_a, approve=True, note="", version=1)
    actions.gs_decide(correction=c, by=people.gs, approve=True, note="", version=2)
    assert not Finding.objects.filter(student=student).exists()


def test_R2_10_open_findings_are_counted_on_the_gs_overview(client, people, bad_id, django_assert_max_num_queries):
    client.force_login(people.gs)
    with django_assert_max_num_queries(23):  # the overview's own bound (22), and one for the findings
        response = client.get("/gs/")
    page = response.content.decode()
    assert response.status_code == 200 and "系统校验待处理问题共 1 条" in page
    assert 'href="/records/college/07/findings/">1</a>' in page
    page = client.get("/records/gs/").content.decode()
    assert 'href="/records/college/07/findings/">计算机学院</a></td><td class="num">1</td>' in page


def test_R2_10_open_findings_are_counted_on_the_colleges_records_page_until_marked(client, people, bad_id):
    client.force_login(people.handler_a)
    page = client.get("/records/college/07/").content.decode()
    assert "系统校验待处理问题 1 条" in page.split('id="open-findings"')[1].split("</a>")[0]
    actions.check_finding(finding=bad_id, by=people.handler_a, note="经核对身份证原件，号码无误")
    page = client.get("/records/college/07/").content.decode()
    assert "系统校验待处理问题 0 条" in page.split('id="open-findings"')[1].split("</a>")[0]
    client.force_login(people.handler_b)  # another college's page is not this one's
    assert client.get("/records/college/07/").status_code == 404


def test_R2_10_the_findings_page_lists_rows_in_bounded_queries(client, people, django_assert_max_num_queries):
    for n in range(30):
        make_student(people.campaign, people.college_a, people.discipline, id_number=f"11010119950307{n:04d}")
    findings.refresh(campaign=people.campaign)
    expected = Finding.objects.filter(student__college=people.college_a).count()
    assert expected >= 30
    client.force_login(people.handler_a)
    with django_assert_max_num_queries(10):
        response = client.get("/records/college/07/findings/")
    assert response.status_code == 200 and response.content.decode().count('class="finding-row"') == min(expected, 50)
