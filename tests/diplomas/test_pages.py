"""R4.1, R4.2: the sign-for sheet (xlsx, PDF, `biye export`), and the pages as each person sees them."""

from __future__ import annotations

import io
import subprocess

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from biye.diplomas import actions, exports
from biye.diplomas.models import Certificate, ReprintRequest
from tests.conftest import at, make_student, page_rows
from tests.diplomas.conftest import accept_conclusions


@pytest.fixture
def handed(people, conclusions):
    conclusions.accept(people.student_a1, people.student_a2)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    diploma = Certificate.objects.get(student=people.student_a1, kind="diploma")
    actions.hand_over(certificate=diploma, by=people.handler_a, method="post", tracking_number="SF1")
    actions.sign_for(certificate=diploma, by=people.student_a1.person)
    return people


def _read(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def test_R4_1_biye_export_writes_the_sign_for_sheet_as_xlsx_and_pdf(handed, tmp_path):
    call_command("export", "sign-for-sheet", "--college", "07", "-o", str(tmp_path / "s.xlsx"))
    rows = _read(tmp_path / "s.xlsx")
    header = next(r for r in rows if r and r[0] == "序号")
    assert list(header) == list(exports.SIGN_FOR_HEADERS)
    body = rows[rows.index(header) + 1: rows.index(header) + 5]
    a1, a2 = handed.student_a1, handed.student_a2
    assert [r[1:6] for r in body] == [
        [a1.number, a1.name, "毕业证书", "100071202002000001", "邮寄"],
        [a1.number, a1.name, "学位证书", "", ""],
        [a2.number, a2.name, "毕业证书", "100071202002000002", "移交学生档案室；本人领取封皮"],
        [a2.number, a2.name, "学位证书", "", ""],
    ]
    assert body[0][6] == "本人网上确认" and body[0][7]  # signed: how and the date
    call_command("export", "sign-for-sheet", "--college", "07", "-o", str(tmp_path / "s.pdf"))
    fonts = subprocess.run(["pdffonts", str(tmp_path / "s.pdf")], capture_output=True, text=True, check=True).stdout
    assert "NotoSansSC" in fonts and fonts.strip().splitlines()[-1].split()[-5] == "yes"  # emb column


def test_R4_1_a_cell_that_looks_like_a_formula_is_written_as_text(people, conclusions, tmp_path):
    s = make_student(people.campaign, people.college_a, people.discipline, name="=HYPERLINK(1)", id_number="110101199503070158")
    conclusions.accept(s)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    call_command("export", "sign-for-sheet", "--college", "07", "-o", str(tmp_path / "s.xlsx"))
    assert any(r[2] == "=HYPERLINK(1)" for r in _read(tmp_path / "s.xlsx") if len(r) > 2)


def test_R4_1_the_college_page_lists_its_certificates_in_few_queries(handed, client, django_assert_max_num_queries):
    client.force_login(handed.handler_a)
    with django_assert_max_num_queries(25):
        rows = page_rows(client.get("/diplomas/college/07/"))
    assert [c.student.number for c in rows] == [handed.student_a1.number] * 2 + [handed.student_a2.number] * 2
    assert [c.kind for c in rows] == ["diploma", "degree"] * 2
    client.force_login(handed.handler_b)
    assert client.get("/diplomas/college/07/").status_code == 404


def test_R4_1_the_college_hands_over_from_its_page_and_a_refusal_says_what_to_fix(handed, client):
    degree = Certificate.objects.get(student=handed.student_a1, kind="degree")
    client.force_login(handed.handler_a)
    resp = client.post("/diplomas/college/07/", {"op": "hand", "certificate": degree.pk, "method": "proxy",
                                                  "receiver": "张三"})
    assert resp.status_code == 200 and "授权书" in resp.content.decode()
    assert Certificate.objects.get(pk=degree.pk).handed_at is None
    resp = client.post("/diplomas/college/07/", {"op": "hand", "certificate": degree.pk, "method": "proxy",
                                                  "receiver": "张三", "authorisation": "授权书已收"})
    assert resp.status_code == 302 and Certificate.objects.get(pk=degree.pk).receiver == "张三"
    # a certificate of another college is not found
    client.force_login(handed.handler_b)
    assert client.post("/diplomas/college/03/", {"op": "paper", "certificate": degree.pk}).status_code == 404


def test_R4_2_after_signing_the_student_is_told_about_the_attestation_and_the_archives_see_the_request(handed, client):
    diploma = Certificate.objects.get(student=handed.student_a1, kind="diploma")
    client.force_login(handed.student_a1.person)
    resp = client.post("/diplomas/me/", {"op": "reprint", "certificate": diploma.pk, "reason": "遗失"})
    assert resp.status_code == 200 and "学历证明书" in resp.content.decode() and "同等效力" in resp.content.decode()
    assert ReprintRequest.objects.get().kind == "attestation"
    client.force_login(handed.archives)
    page = client.get("/diplomas/dossier/").content.decode()
    assert "遗失" in page and handed.student_a1.name in page
    client.post("/diplomas/dossier/", {"op": "done", "request": ReprintRequest.objects.get().pk})
    assert ReprintRequest.objects.get().done_by == handed.archives


def test_R4_3_the_dossier_page_lists_the_routed_diplomas_in_few_queries(handed, client, django_assert_max_num_queries):
    client.force_login(handed.gs)
    assert client.post("/diplomas/dossier/", {"op": "send"}).status_code == 302
    client.force_login(handed.archives)
    with django_assert_max_num_queries(20):
        rows = page_rows(client.get("/diplomas/dossier/"))
    assert [c.student for c in rows] == [handed.student_a2]
    client.post("/diplomas/dossier/", {"op": "receive", "certificate": rows[0].pk})
    assert Certificate.objects.get(pk=rows[0].pk).dossier_received_by == handed.archives
    client.force_login(handed.handler_a)
    assert client.get("/diplomas/dossier/").status_code == 403


def test_R4_1_the_plan_and_the_dossier_state_show_on_the_students_checklist(handed, client):
    actions.set_handout_plan(campaign=handed.campaign, college=handed.college_a, by=handed.handler_a,
                             starts_at=at(2020, 7, 1, 9), place="主楼101", methods=["in_person"])
    client.force_login(handed.student_a2.person)
    page = client.get("/me/").content.decode()
    assert "主楼101" in page and "待研究生院移交学生档案室" in page and "请到学院领取证书封皮" in page


def test_R4_5_the_study_page_lists_requests_in_few_queries(people, conclusions, client, django_assert_max_num_queries):
    client.force_login(people.handler_a)
    with django_assert_max_num_queries(20):
        assert page_rows(client.get("/diplomas/college/07/study/")) == []
    resp = client.post("/diplomas/college/07/study/", {
        "op": "register", "number": "2012001", "name": "范仲淹", "gender": "男", "id_number": "110101198001010011",
        "master_number": "S1", "master_discipline": "数学", "master_from": "2010-09-01", "master_to": "2012-08-31",
        "to_phd_on": "2012-09-01", "finished_on": "2016-06-30"})
    assert resp.status_code == 302
    assert [r.name for r in page_rows(client.get("/diplomas/college/07/study/"))] == ["范仲淹"]


def test_R4_4_the_college_records_a_returned_jieye_certificate_and_sees_the_batch_count(people, conclusions, client):
    client.force_login(people.handler_a)
    assert "交回的结业证书" not in client.get("/diplomas/college/07/").content.decode()  # nobody converting
    conclusions.jieye[people.student_a1.pk] = {"number": "100071201902000123", "year": 2019}
    resp = client.post("/diplomas/college/07/", {"op": "jieye", "student_number": people.student_a1.number,
                                                  "number": "100071201902000999"})
    assert "不一致" in resp.content.decode()
    client.post("/diplomas/college/07/", {"op": "jieye", "student_number": people.student_a1.number,
                                           "number": "100071201902000123"})
    page = client.get("/diplomas/college/07/").content.decode()
    assert "已交回 1 份" in page and "100071201902000123" in page and "报送研究生院" in page
