"""R2.4: the Graduate School's table of English discipline names (附件5): import, edit, and the colleges'
corrections with a written explanation, accepted or rejected by the Graduate School."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied

from biye.core import tabular
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent, Discipline, Finding
from biye.records import actions
from biye.records.models import EnglishNameCorrection
from tests.conftest import make_student


def xlsx(rows, headers=("专业代码", "专业名称", "英文名称")) -> bytes:
    buffer = io.BytesIO()
    tabular.write_xlsx(buffer, headers, rows)
    return buffer.getvalue()


def csv_gbk(text: str) -> bytes:
    return text.encode("gb18030")


@pytest.fixture
def no_english(people):
    """A discipline the roster named, without an English name, with one student of college A; findings fresh."""
    from biye.core import findings

    d = Discipline.objects.create(code="0835", name_zh="软件工程")
    make_student(people.campaign, people.college_a, d, name="软件生", id_number="110101199503070077")
    findings.refresh(campaign=people.campaign)
    return d


def test_R2_4_gs_imports_the_table_after_a_dry_run_and_the_no_english_finding_goes(people, no_english):
    data = xlsx([("0835", "软件工程", "Software Engineering"), ("081200", "计算机科学与技术", "Computer Science and Technology")])
    assert Finding.objects.filter(code=Finding.Code.NO_ENGLISH_NAME).count() == 1

    dry = actions.import_disciplines(data=data, filename="附件5.xlsx", by=people.gs, dry_run=True)
    assert dry.ok and dry.rows == 2 and dry.changed[0][0] == "0835" and dry.unchanged == 0
    no_english.refresh_from_db()
    assert no_english.name_en == "" and not no_english.in_catalogue  # a dry run writes nothing

    report = actions.import_disciplines(data=data, filename="附件5.xlsx", by=people.gs, dry_run=False)
    assert report.ok and len(report.changed) == 2
    no_english.refresh_from_db()
    assert (no_english.name_en, no_english.in_catalogue) == ("Software Engineering", True)
    assert not Finding.objects.filter(code=Finding.Code.NO_ENGLISH_NAME).exists()
    assert AuditEvent.objects.filter(action="records.edit_discipline").count() == 2
    assert AuditEvent.objects.filter(action="records.import_disciplines").count() == 1


def test_R2_4_a_bad_table_reports_every_bad_row_and_column_and_writes_nothing(people, no_english):
    data = csv_gbk("专业代码,专业名称,英文名称\n0835,软件工程,Software Engineering\n81200,计算机,Computer\n"
                   "0812,计算机科学与技术,计算机\n0835,软件工程,Software\n0701,数学,\n")
    report = actions.import_disciplines(data=data, filename="附件5.csv", by=people.gs, dry_run=False)
    shown = [str(e) for e in report.errors]
    assert any(s.startswith("第3行「专业代码」") for s in shown)
    assert any(s.startswith("第4行「英文名称」") and "英文字母开头" in s for s in shown)
    assert any(s.startswith("第5行「专业代码」") and "与第2行重复" in s for s in shown)
    assert any(s.startswith("第6行「英文名称」") and "不能为空" in s for s in shown)
    no_english.refresh_from_db()
    assert no_english.name_en == "" and not Discipline.objects.filter(code="0701").exists()
    assert not AuditEvent.objects.filter(action__startswith="records.").exists()


def test_R2_4_a_table_without_the_english_column_is_refused_with_what_to_add(people):
    report = actions.import_disciplines(data=xlsx([("0835", "软件工程")], headers=("专业代码", "专业名称", "备注")),
                                        filename="t.xlsx", by=people.gs, dry_run=True)
    assert "缺少必需的列「英文名称」" in str(report.errors[0])


def test_R2_4_only_the_graduate_school_imports_the_table(people):
    with pytest.raises(PermissionDenied):
        actions.import_disciplines(data=xlsx([("0835", "软件工程", "Software Engineering")]), filename="t.xlsx",
                                   by=people.handler_a, dry_run=True)


def test_R2_4_the_import_page_shows_the_dry_run_then_imports_on_confirmation(client, people, no_english, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.gs)
    upload = SimpleUploadedFile("附件5.xlsx", xlsx([("0835", "软件工程", "Software Engineering")]))
    page = client.post("/records/disciplines/import/", {"file": upload}).content.decode()
    assert "共 1 个专业：新增 0 个，修改 1 个，未变 0 个" in page and "Software Engineering" in page
    no_english.refresh_from_db()
    assert no_english.name_en == ""
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post("/records/disciplines/import/confirm/", {"token": token}, follow=True)
    assert "英文专业名称表已导入" in response.content.decode()
    no_english.refresh_from_db()
    assert no_english.name_en == "Software Engineering"
    # The same token cannot import twice.
    assert client.post("/records/disciplines/import/confirm/", {"token": token}).status_code == 404
    assert list((media / "staged").iterdir()) == []  # core.uploads' store let the imported file go


def test_R2_4_a_dry_run_table_waits_in_the_shared_store_bound_to_the_person_who_uploaded_it(
        client, people, no_english, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from biye.core.models import Role
    from tests.conftest import make_person

    client.force_login(people.gs)
    upload = SimpleUploadedFile("附件5.xlsx", xlsx([("0835", "软件工程", "Software Engineering")]))
    page = client.post("/records/disciplines/import/", {"file": upload}).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    assert (media / "staged" / f"{token}.data").exists()  # on disk under MEDIA_ROOT/staged, not in the session
    assert not any("records" in key for key in client.session.keys())
    colleague = make_person("gs2", (Role.GRADUATE_SCHOOL, None), display_name="赵老师")
    client.force_login(colleague)
    assert client.post("/records/disciplines/import/confirm/", {"token": token}).status_code == 404
    no_english.refresh_from_db()
    assert no_english.name_en == ""  # another person's token imports nothing
    assert (media / "staged" / f"{token}.data").exists()  # and leaves the upload for its owner


def test_R2_4_a_table_larger_than_the_one_upload_limit_is_refused_next_to_the_file(client, people, settings, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.BIYE_MAX_UPLOAD_BYTES = 1000
    client.force_login(people.gs)
    upload = SimpleUploadedFile("附件5.csv", ("专业代码,专业名称,英文名称\n" + "0835,软件工程,Software Engineering\n" * 100).encode())
    page = client.post("/records/disciplines/import/", {"file": upload}).content.decode()
    assert "文件太大" in page and "table-confirm" not in page
    assert not Discipline.objects.filter(in_catalogue=True).exists()
    assert not (media / "staged").exists() or list((media / "staged").iterdir()) == []


def test_R2_4_the_import_page_lists_the_errors_of_a_bad_file(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.gs)
    upload = SimpleUploadedFile("附件5.csv", "专业代码,专业名称,英文名称\n08,软件,Soft\n".encode())
    page = client.post("/records/disciplines/import/", {"file": upload}).content.decode()
    assert "未导入任何数据" in page and "第2行「专业代码」" in page and "table-confirm" not in page


def test_R2_4_gs_edits_a_row_on_the_page_and_the_finding_is_refreshed(client, people, no_english):
    client.force_login(people.gs)
    response = client.post(f"/records/disciplines/{no_english.pk}/",
                           {"op": "edit", "code": "0835", "name_zh": "软件工程", "name_en": "Software Engineering",
                            "version": no_english.version}, follow=True)
    assert "已保存" in response.content.decode()
    no_english.refresh_from_db()
    assert no_english.name_en == "Software Engineering" and no_english.in_catalogue
    assert not Finding.objects.filter(code=Finding.Code.NO_ENGLISH_NAME).exists()
    event = AuditEvent.objects.get(action="records.edit_discipline")
    assert event.before["name_en"] == "" and event.after["name_en"] == "Software Engineering"


def test_R2_4_an_edit_made_on_a_stale_page_is_refused(people, no_english):
    actions.save_discipline(code="0835", name_zh="软件工程", name_en="Software Engineering", by=people.gs, version=1)
    with pytest.raises(ActionRefused, match="刚被其他人修改过"):
        actions.save_discipline(code="0835", name_zh="软件工程", name_en="Software Eng", by=people.gs, version=1)
    assert Discipline.objects.get(code="0835").name_en == "Software Engineering"


def test_R2_4_college_proposes_a_correction_and_the_accepted_one_changes_every_student_of_the_discipline(
        client, people, clock):
    discipline = people.discipline  # 081200, students of both colleges
    client.force_login(people.handler_a)
    response = client.post(f"/records/disciplines/{discipline.pk}/", {
        "op": "propose", "proposed_name": "Computer Science and Engineering",
        "explanation": "按2018年学位授予目录，本专业英文名称应为 Computer Science and Engineering。"}, follow=True)
    assert "更正已提交研究生院审核" in response.content.decode()
    proposal = EnglishNameCorrection.objects.get()
    assert (proposal.college, proposal.current_name, proposal.status) == (
        people.college_a, "Computer Science and Technology", "pending")

    client.force_login(people.gs)
    page = client.get("/records/gs/").content.decode()
    assert "Computer Science and Engineering" in page and "按2018年学位授予目录" in page
    client.post("/records/gs/", {"proposal": proposal.pk, "decision": "accept", "reason": ""})
    proposal.refresh_from_db()
    discipline.refresh_from_db()
    assert proposal.status == "accepted" and proposal.decided_by == people.gs
    assert discipline.name_en == "Computer Science and Engineering"
    for student in (people.student_a1, people.student_b1):  # college B's student too: one table for all
        student.refresh_from_db()
        assert student.discipline.name_en == "Computer Science and Engineering"
    assert set(AuditEvent.objects.filter(action__startswith="records.").values_list("action", flat=True)) == {
        "records.propose_english", "records.decide_english", "records.edit_discipline"}


def test_R2_4_gs_rejects_a_proposal_only_with_a_reason_and_the_table_stays(people, clock):
    proposal = actions.propose_english_name(discipline=people.discipline, college=people.college_a, by=people.handler_a,
                                            proposed_name="Computing", explanation="更简短")
    with pytest.raises(ActionRefused, match="请写明理由"):
        actions.decide_english_name(proposal=proposal, by=people.gs, accept=False, reason=" ")
    actions.decide_english_name(proposal=proposal, by=people.gs, accept=False, reason="与学位授予目录不符")
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.decision_reason == "与学位授予目录不符"
    assert Discipline.objects.get(pk=people.discipline.pk).name_en == "Computer Science and Technology"


def test_R2_4_a_proposal_needs_an_explanation_and_a_handler_of_the_college(people, clock):
    with pytest.raises(ActionRefused, match="情况说明"):
        actions.propose_english_name(discipline=people.discipline, college=people.college_a, by=people.handler_a,
                                     proposed_name="Computing", explanation="")
    with pytest.raises(PermissionDenied):
        actions.propose_english_name(discipline=people.discipline, college=people.college_a, by=people.handler_b,
                                     proposed_name="Computing", explanation="x")
    with pytest.raises(ActionRefused, match="已于 2020-06-18 24:00 截止"):
        clock(2020, 6, 19, 0)
        actions.propose_english_name(discipline=people.discipline, college=people.college_a, by=people.handler_a,
                                     proposed_name="Computing", explanation="x")
    assert not EnglishNameCorrection.objects.exists()


def test_R2_4_a_college_proposes_only_for_a_discipline_of_its_own_graduates(client, people, clock):
    law = Discipline.objects.create(code="030100", name_zh="法学", name_en="Law")
    with pytest.raises(ActionRefused, match="本学院本届没有法学专业的毕业生"):
        actions.propose_english_name(discipline=law, college=people.college_a, by=people.handler_a,
                                     proposed_name="Law Studies", explanation="x")
    client.force_login(people.handler_a)
    page = client.post(f"/records/disciplines/{law.pk}/", {
        "op": "propose", "proposed_name": "Law Studies", "explanation": "x"}).content.decode()
    assert "本学院本届没有法学专业的毕业生" in page
    assert not EnglishNameCorrection.objects.exists() and Discipline.objects.get(pk=law.pk).name_en == "Law"


def test_R2_4_the_table_page_lists_rows_in_bounded_queries(client, people, django_assert_max_num_queries):
    for n in range(30):
        Discipline.objects.create(code=f"09{n:02d}", name_zh=f"专业{n}", name_en=f"Discipline {n}" if n % 2 else "")
    client.force_login(people.handler_a)
    with django_assert_max_num_queries(10):
        response = client.get("/records/disciplines/")
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="discipline-row"') == 31
    assert "缺少英文名称" in page and "Computer Science and Technology" in page
    with django_assert_max_num_queries(10):
        response = client.get("/records/disciplines/?missing=on")
    assert response.content.decode().count('class="discipline-row"') == 15  # no 附件5 yet: those without an English name
