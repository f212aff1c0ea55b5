"""R4.5 (附件9): study certificates of the master's phase for 硕博连读 graduates, and their public check."""

from __future__ import annotations

import datetime as dt
import io
import subprocess

import pytest
from python_calamine import CalamineWorkbook

from biye.core import submissions
from biye.core.errors import ActionRefused
from biye.diplomas import study, verification
from biye.diplomas.models import StudyCertificate, VerifyAttempt
from tests.conftest import make_student

PHASE = study.Phase(master_number="S2014001", master_discipline="计算机科学与技术", master_from=dt.date(2014, 9, 1),
                    master_to=dt.date(2016, 8, 31), to_phd_on=dt.date(2016, 9, 1), finished_on=dt.date(2020, 6, 30))


@pytest.fixture
def combined(people, conclusions):
    s = make_student(people.campaign, people.college_a, people.discipline, name="司马光", level="博士", is_combined=True,
                     id_number="110101199503070131", gender="男")
    return s


def _register(people, **kw):
    return study.register(campaign=people.campaign, college=people.college_a, by=people.handler_a, phase=PHASE, **kw)


def _accept_list(people):
    s = submissions.submit(campaign=people.campaign, college=people.college_a, kind="study_certificates",
                           by=people.handler_a, version=None)
    s = submissions.sign_off(submission=s, by=people.dean_a, version=None)
    return submissions.accept(submission=s, by=people.gs, version=None)


def test_R4_5_a_student_still_enrolled_is_refused_with_the_reason(people, combined, conclusions):
    with pytest.raises(ActionRefused, match="仍属在籍"):
        _register(people, student=combined)
    with pytest.raises(ActionRefused, match="不是硕博连读"):
        conclusions.accept(people.student_a1)
        _register(people, student=people.student_a1)
    assert not StudyCertificate.objects.exists()


@pytest.mark.parametrize("conclusion", ["毕业", "结业"])
def test_R4_5_a_combined_student_with_a_submitted_or_accepted_graduation_or_completion_is_registered(
        people, combined, conclusions, conclusion):
    conclusions.submitted[combined.pk] = conclusion  # submitted this campaign, not yet accepted
    row = _register(people, student=combined)
    assert (row.number, row.name, row.id_number, row.master_number) == (combined.number, "司马光", combined.id_number, "S2014001")


def test_R4_5_withdrawal_is_not_eligible(people, combined, conclusions):
    conclusions.accept(combined, conclusion="肄业")
    with pytest.raises(ActionRefused, match="仍属在籍"):
        _register(people, student=combined)


def test_R4_5_an_earlier_years_graduate_is_entered_by_hand_and_dates_are_checked(people, combined):
    with pytest.raises(ActionRefused, match="往届毕业生请填写"):
        _register(people, number="2012001")
    bad = study.Phase(**{**PHASE.__dict__, "master_to": dt.date(2014, 1, 1)})
    with pytest.raises(ActionRefused, match="起始时间应早于截止时间"):
        study.register(campaign=people.campaign, college=people.college_a, by=people.handler_a, phase=bad,
                       number="2012001", name="范仲淹", gender="男", id_number="110101198001010011")
    old = study.Phase(**{**PHASE.__dict__, "finished_on": dt.date(2018, 6, 30)})
    row = study.register(campaign=people.campaign, college=people.college_a, by=people.handler_a, phase=old,
                         number="2012001", name="范仲淹", gender="男", id_number="110101198001010011")
    assert row.student is None and row.name == "范仲淹"


def test_R4_5_the_list_is_submitted_with_the_deans_sign_off_and_reads_back_in_the_annex_9_layout(people, combined, conclusions, clock):
    conclusions.accept(combined)
    _register(people, student=combined)
    clock(2020, 6, 30, 8)  # after 06-29 24:00: late
    s = _accept_list(people)
    assert s.late_since is not None
    with pytest.raises(ActionRefused, match="已由研究生院接收"):
        _register(people, number="2012001", name="范仲淹", gender="男", id_number="110101198001010011")
    out = io.BytesIO()
    from biye.diplomas import exports
    exports.write_study(out, students=people.campaign.students.all(), campaign=people.campaign, college=people.college_a)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0).to_python()
    header = next(r for r in rows if r and r[0] == "序号")
    assert list(header) == list(exports.STUDY_HEADERS)
    data = rows[rows.index(header) + 1]
    assert data[1:7] == [combined.number, "司马光", "男", combined.id_number, "计算机学院", "计算机科学与技术"]
    assert data[7:10] == ["2014.09—2016.08", "2016.09", "2020.06"]
    assert any("院长甲" in str(cell) for r in rows for cell in r)  # the dean's sign-off on the form


def test_R4_5_the_graduate_school_issues_a_pdf_with_an_unguessable_code_and_the_font_embedded(people, combined, conclusions, tmp_path, client):
    conclusions.accept(combined)
    row = _register(people, student=combined)
    with pytest.raises(ActionRefused, match="尚未由研究生院接收"):
        study.issue(certificate=row, by=people.gs)
    _accept_list(people)
    row = study.issue(certificate=row, by=people.gs)
    assert len(row.code) >= 22  # 16 random bytes, url-safe
    client.force_login(combined.person)
    resp = client.get(f"/diplomas/study/{row.pk}/pdf/")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    path = tmp_path / "c.pdf"
    path.write_bytes(resp.content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansSC" in fonts and " yes " in fonts.splitlines()[-1]
    client.force_login(people.handler_b)
    assert client.get(f"/diplomas/study/{row.pk}/pdf/").status_code == 404


def test_R4_5_the_public_verify_page_shows_the_holder_what_is_certified_and_the_date_and_nothing_else(people, combined, conclusions, client):
    conclusions.accept(combined)
    row = _register(people, student=combined)
    _accept_list(people)
    row = study.issue(certificate=row, by=people.gs)
    resp = client.get(f"/verify/{row.code}/")  # nobody logged in
    assert resp.status_code == 200
    body = resp.content.decode()
    facts = [t.strip() for t in __import__("re").findall(r'<span id="(?:certified|issued)">([^<]*)<', body)]
    assert "司马光" in body and "计算机科学与技术" in facts[0] and facts[1] == "2020-06-10"
    for secret in (combined.number, combined.id_number, "S2014001", "计算机学院", "110101", "男"):
        assert secret not in body, secret
    assert client.get("/verify/not-a-real-code-0000000000/").status_code == 404


def test_R4_5_guessing_codes_is_rate_limited_per_address_in_the_database(people, combined, conclusions, client):
    conclusions.accept(combined)
    row = _register(people, student=combined)
    _accept_list(people)
    row = study.issue(certificate=row, by=people.gs)
    for i in range(verification.MAX_FAILURES):
        assert client.get(f"/verify/guess{i}/").status_code == 404
    assert VerifyAttempt.objects.count() == verification.MAX_FAILURES
    assert client.get(f"/verify/{row.code}/").status_code == 429  # even a right code, until the window passes
    assert client.get(f"/verify/{row.code}/", REMOTE_ADDR="10.0.0.9").status_code == 200
