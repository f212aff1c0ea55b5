"""R2.1, R2.2: the student files the pinyin of their name on 核对和修改个人信息."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from biye.core import checklist
from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent
from biye.names import actions
from biye.names.models import NameRecord
from tests.conftest import at, make_student

URL = "/names/me/"


def login(client, student):
    client.force_login(student.person)
    return client


def test_R2_1_page_is_reached_as_xueji_guanli_then_xueji_xinxi_jiaodui(client, people, clock):
    assert reverse("names:filing") == URL
    home = login(client, people.student_a1).get("/me/")
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "学籍管理 → 学籍信息校对 → 核对和修改个人信息" in html
    assert f'href="{URL}"' in home.content.decode()  # the checklist's "去办理" and the nav both lead here
    assert "学籍信息校对</a>" in html


def test_R2_1_student_files_the_proposal(client, people, clock):
    page = login(client, people.student_a1).get(URL).content.decode()
    assert "曾国藩" in page
    assert 'id="pinyin-spelling"' in page and 'value="Zeng Guofan"' in page

    response = client.post(URL, {"op": "file", "spelling": "Zeng Guofan", "reason": "", "version": "0"}, follow=True)

    assert response.status_code == 200
    assert "姓名拼音已提交" in response.content.decode()
    record = NameRecord.objects.get(student=people.student_a1)
    assert (record.spelling, record.source, record.reason, record.filed_by) == (
        "Zeng Guofan", "student", "", people.student_a1.person)
    assert record.filed_at == at(2020, 6, 10, 9)
    event = AuditEvent.objects.get(action="names.file")
    assert event.before is None and event.after["spelling"] == "Zeng Guofan"
    assert event.student == people.student_a1 and event.college == people.college_a
    states = {s.task.key: s.state for s in checklist.for_student(people.student_a1, now=at(2020, 6, 10))}
    assert states["pinyin_filing"] == "done" and states["pinyin_confirm"] == "todo"


def test_R2_2_chooser_offers_every_reading_of_a_character_with_several(client, people, clock):
    page = login(client, people.student_a1).get(URL).content.decode()
    # 曾 as a surname is Zeng (proposed, checked) and may also be read ceng; 国 and 藩 have one reading.
    assert 'name="char-0" id="char-0-0" value="zeng" checked' in page
    assert 'name="char-0" id="char-0-1" value="ceng"' in page
    assert 'type="radio" name="char-1"' not in page
    assert 'id="pinyin-chooser-data"' in page and "names/chooser.js" in page


def test_R2_2_without_script_the_chosen_readings_become_the_spelling_and_nothing_is_stored(client, people, clock):
    response = login(client, people.student_a1).post(
        URL, {"op": "compose", "char-0": "ceng", "char-1": "guo", "char-2": "fan", "spelling": "", "version": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Ceng Guofan"' in page
    assert 'value="ceng" checked' in page
    assert not NameRecord.objects.exists()


def test_R2_2_a_spelling_that_is_not_a_reading_is_warned_and_asks_for_a_reason(client, people, clock):
    response = login(client, people.student_a1).post(
        URL, {"op": "file", "spelling": "Zeng Guofen", "reason": "", "version": "0"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="pinyin-problems"' in page
    assert "第 3 个字“藩”：“fen”不是它的读音（读音：fan）" in page
    assert "原因说明" in page
    assert not NameRecord.objects.exists()
    assert not AuditEvent.objects.exists()


def test_R2_2_with_a_reason_it_is_filed_and_the_college_sees_the_reason(client, people, clock):
    login(client, people.student_a1).post(
        URL, {"op": "file", "spelling": "Tseng Kuofan", "reason": "与护照一致（威妥玛拼法）", "version": "0"}
    )
    record = NameRecord.objects.get(student=people.student_a1)
    assert record.spelling == "Tseng Kuofan" and record.reason == "与护照一致（威妥玛拼法）"
    assert "“曾”" in record.mismatch

    client.force_login(people.handler_a)
    listing = client.get(reverse("names:college", args=[people.college_a.code]), {"status": "with_reason"})
    html = listing.content.decode()
    assert "Tseng Kuofan" in html and "与护照一致（威妥玛拼法）" in html
    assert people.student_a2.number not in html  # the filter keeps only reasons


def test_R2_2_a_reading_of_the_name_needs_no_reason_and_drops_an_old_one(people):
    student = people.student_a1
    actions.file_pinyin(student=student, by=student.person, spelling="Tseng Kuofan", reason="护照",
                        version=0, now=at(2020, 6, 10))
    record = actions.file_pinyin(student=student, by=student.person, spelling="Ceng Guofan", reason="护照",
                                 version=1, now=at(2020, 6, 11))
    assert (record.spelling, record.reason, record.mismatch) == ("Ceng Guofan", "", "")


@pytest.mark.parametrize(("moment", "open_"), [
    (at(2020, 6, 12, 23, 59, 59), True),
    (at(2020, 6, 13, 0, 0, 0), False),
])
def test_R2_1_filing_is_open_until_the_end_of_the_pinyin_deadline_day(people, moment, open_):
    student = people.student_a2
    if open_:
        actions.file_pinyin(student=student, by=student.person, spelling="Ouyang Xiu", version=0, now=moment)
        assert NameRecord.objects.get(student=student).spelling == "Ouyang Xiu"
    else:
        with pytest.raises(ActionRefused, match="姓名拼音填报.*已于 2020-06-12 24:00 截止"):
            actions.file_pinyin(student=student, by=student.person, spelling="Ouyang Xiu", version=0, now=moment)
        assert not NameRecord.objects.exists()


def test_R2_1_after_the_deadline_the_page_closes_and_a_post_stores_nothing(client, people, clock):
    clock(2020, 6, 13, 0, 0, 0)
    page = login(client, people.student_a2).get(URL).content.decode()
    assert 'id="pinyin-filing-closed"' in page and 'id="pinyin-form"' not in page
    response = client.post(URL, {"op": "file", "spelling": "Ouyang Xiu", "reason": "", "version": "0"})
    assert response.status_code == 200
    assert "已于 2020-06-12 24:00 截止" in response.content.decode()
    assert not NameRecord.objects.exists()


def test_R2_1_single_certificate_student_is_told_it_is_not_required_and_refused(client, people, clock):
    single = make_student(people.campaign, people.college_a, people.discipline, name="李娜", certificate_type="单证")
    page = login(client, single).get(URL).content.decode()
    assert 'id="pinyin-not-required"' in page and "无需填报姓名拼音" in page
    assert 'id="pinyin-form"' not in page
    with pytest.raises(ActionRefused, match="单证研究生无需填报"):
        actions.file_pinyin(student=single, by=single.person, spelling="Li Na", version=0, now=at(2020, 6, 10))
    states = {s.task.key: s.state for s in checklist.for_student(single, now=at(2020, 6, 10))}
    assert states["pinyin_filing"] == "na" and states["pinyin_confirm"] == "na"


def test_R2_1_autumn_graduates_file_too(people):
    autumn = make_student(people.campaign, people.college_a, people.discipline, name="吕布", expected_term="秋季")
    record = actions.file_pinyin(student=autumn, by=autumn.person, spelling="Lü Bu", version=0, now=at(2020, 6, 12))
    assert record.spelling == "Lü Bu"


def test_R2_1_a_stale_version_is_refused_and_the_stored_spelling_kept(client, people, clock):
    login(client, people.student_a1)
    client.post(URL, {"op": "file", "spelling": "Zeng Guofan", "reason": "", "version": "0"})
    # The same page, opened earlier in another tab, still carries version 0.
    response = client.post(URL, {"op": "file", "spelling": "Ceng Guofan", "reason": "", "version": "0"})
    assert response.status_code == 200
    assert "已被修改" in response.content.decode() and "请刷新页面" in response.content.decode()
    assert NameRecord.objects.get(student=people.student_a1).spelling == "Zeng Guofan"
    assert AuditEvent.objects.filter(action="names.file").count() == 1


def test_R2_1_only_the_student_files_their_own_pinyin(client, people, clock):
    with pytest.raises(PermissionDenied):
        actions.file_pinyin(student=people.student_a1, by=people.handler_a, spelling="Zeng Guofan", version=0,
                            now=at(2020, 6, 10))
    with pytest.raises(PermissionDenied):
        actions.file_pinyin(student=people.student_a1, by=people.student_a2.person, spelling="Zeng Guofan",
                            version=0, now=at(2020, 6, 10))
    client.force_login(people.handler_a)
    assert client.get(URL).status_code == 403
    assert not NameRecord.objects.exists()


def test_R2_2_letters_only_digits_and_chinese_are_refused_with_a_message(client, people, clock):
    login(client, people.student_a1)
    for bad in ("Zeng Guofan1", "曾 Guofan", "Zeng_Guofan", "𠮷 Tian", "Zeng 〇"):
        response = client.post(URL, {"op": "file", "spelling": bad, "reason": "", "version": "0"})
        assert "姓名拼音只能包含字母" in response.content.decode()
    assert not NameRecord.objects.exists()


def test_R2_8_a_reading_written_against_the_rules_is_not_stored_as_typed(client, people, clock):
    # More of this in tests/names/test_diploma_format.py.
    response = login(client, people.student_a1).post(
        URL, {"op": "file", "spelling": "zeng guofan", "reason": "", "version": "0"}, follow=True
    )
    assert 'id="pinyin-formatted">Zeng Guofan<' in response.content.decode()
    assert not NameRecord.objects.exists()


def test_R2_2_passport_style_campaign_proposes_yu_for_u_umlaut(client, people, clock):
    people.campaign.pinyin_style = "passport"
    people.campaign.save()
    lü = make_student(people.campaign, people.college_a, people.discipline, name="吕布")
    page = login(client, lü).get(URL).content.decode()
    assert 'value="Lyu Bu"' in page
