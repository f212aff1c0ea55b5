"""R2.8 (and R2.1, R2.2): the English diploma prints the stored spelling exactly. A reading of the name that is not
written in the diploma format is not stored as typed: the page offers the format with one click; a student who
insists gives a reason, which makes it a risk. 留学生 file the name on their passport instead of a pinyin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from biye.core.errors import ActionRefused
from biye.core.models import AuditEvent
from biye.names import actions, queries
from biye.names.models import NameRecord
from tests.conftest import at, make_student

URL = "/names/me/"


@pytest.fixture
def shan(people):
    """单家军: the surname read Shan, a given name of two characters."""
    return make_student(people.campaign, people.college_a, people.discipline, name="单家军",
                        id_number="110101199503070077")


def _file(client, student, spelling, reason="", version=0, follow=False):
    client.force_login(student.person)
    return client.post(URL, {"op": "file", "spelling": spelling, "reason": reason, "version": str(version)},
                       follow=follow)


@pytest.mark.parametrize("typed", ["shan jiajun", "SHAN JIAJUN", "Shan Jia Jun", "ShanJiajun"])
def test_R2_8_a_reading_not_in_the_diploma_format_is_refused_and_the_format_offered(client, people, clock, shan, typed):
    response = _file(client, shan, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "这是姓名的读音，但写法不是证书的格式" in html
    assert 'id="pinyin-formatted">Shan Jiajun<' in html
    # one click: a form of its own that files the formatted spelling, with the version the page was built on
    form = html[html.index('<form method="post" id="pinyin-use-formatted">'):]
    form = form[: form.index("</form>")]
    assert 'name="spelling" value="Shan Jiajun"' in form and 'name="version" value="0"' in form
    assert 'name="op" value="file"' in form
    assert not NameRecord.objects.filter(student=shan).exists()
    assert not AuditEvent.objects.filter(action="names.file").exists()


def test_R2_5_R2_8_the_one_click_stores_and_confirms_the_formatted_spelling(client, people, clock, shan):
    _file(client, shan, "shan jiajun")
    response = _file(client, shan, "Shan Jiajun", follow=True)  # what the one-click form posts
    assert "姓名拼音已提交" in response.content.decode()
    record = NameRecord.objects.get(student=shan)
    assert (record.spelling, record.reason, record.mismatch) == ("Shan Jiajun", "", "")
    client.post(URL, {"op": "confirm", "version": str(record.version)})
    record.refresh_from_db()
    assert record.is_confirmed and queries.english_diploma_name(shan) == "Shan Jiajun"


def test_R2_8_a_student_who_insists_gives_a_reason_and_it_is_a_risk(client, people, clock, shan):
    response = _file(client, shan, "SHAN JIAJUN", reason="与护照一致（全大写）", follow=True)
    assert "姓名拼音已提交" in response.content.decode()
    record = NameRecord.objects.get(student=shan)
    assert (record.spelling, record.reason) == ("SHAN JIAJUN", "与护照一致（全大写）")
    assert "证书按拼写规则印作“Shan Jiajun”" in record.mismatch
    client.force_login(people.gs)
    risks = client.get(reverse("names:risks"), {"status": "with_reason"}).content.decode()
    assert shan.number in risks and "SHAN JIAJUN" in risks


def test_R2_8_the_campaigns_way_of_writing_u_umlaut_is_the_format(people, clock):
    lü = make_student(people.campaign, people.college_a, people.discipline, name="吕布", id_number="110101199503070093")
    with pytest.raises(actions.NeedsReason) as refused:
        actions.file_pinyin(student=lü, by=lü.person, spelling="Lv Bu", version=0, now=at(2020, 6, 10))
    assert refused.value.formatted == "Lü Bu"
    people.campaign.pinyin_style = "passport"
    people.campaign.save()
    lü.refresh_from_db()
    record = actions.file_pinyin(student=lü, by=lü.person, spelling="Lyu Bu", version=0, now=at(2020, 6, 10))
    assert (record.spelling, record.reason) == ("Lyu Bu", "")


def test_R2_8_the_college_cannot_store_an_unformatted_reading_either(client, people, clock, shan):
    clock(2020, 6, 15, 9)
    client.force_login(people.handler_a)
    url = reverse("names:student", args=[shan.pk])
    html = client.post(url, {"op": "fill", "spelling": "shan jiajun", "reason": "", "version": "0"}).content.decode()
    assert 'id="pinyin-formatted">Shan Jiajun<' in html and 'name="op" value="fill"' in html
    assert not NameRecord.objects.filter(student=shan).exists()
    client.post(url, {"op": "fill", "spelling": "Shan Jiajun", "reason": "", "version": "0"})
    assert NameRecord.objects.get(student=shan).spelling == "Shan Jiajun"


def test_R2_2_a_non_reading_is_said_once_pointing_at_the_first_wrong_character(client, people, clock):
    html = _file(client, people.student_a1, "Zheng Guofang").content.decode()
    assert html.count("第 1 个字“曾”：“zheng”不是它的读音（读音：zeng、ceng）") == 1
    assert "藩" not in html.split('id="pinyin-problems"')[1].split("</div>")[0]  # the first mistake only
    assert "如确需按此填写，请在“原因说明”中写明原因；否则请按上方提示改正" in html  # asks, without repeating
    assert not NameRecord.objects.exists()


def test_R2_2_a_command_or_script_still_gets_the_whole_message(people):
    with pytest.raises(actions.NeedsReason) as refused:
        actions.file_pinyin(student=people.student_a1, by=people.student_a1.person, spelling="Zheng Guofang",
                            version=0, now=at(2020, 6, 10))
    assert "第 1 个字“曾”：“zheng”不是它的读音" in refused.value.message and refused.value.field == "reason"


@pytest.fixture
def overseas(people):
    return make_student(people.campaign, people.college_a, people.discipline, name="阮文安", is_international=True,
                        id_type="护照", id_number="C01234567")


def test_R2_1_an_international_student_files_the_name_on_the_passport_without_a_reading_check(client, people, clock,
                                                                                             overseas):
    client.force_login(overseas.person)
    page = client.get(URL).content.decode()
    assert "护照上的英文姓名" in page and 'id="pinyin-chooser"' not in page and 'id="pinyin-proposal"' not in page
    assert "Ruan" not in page  # no pinyin proposed (阮文安 would be Ruan Wen'an)
    response = _file(client, overseas, "NGUYEN  VAN AN", follow=True)
    assert "姓名拼音已提交" in response.content.decode()
    record = NameRecord.objects.get(student=overseas)
    assert (record.spelling, record.reason, record.mismatch) == ("NGUYEN VAN AN", "", "")


@pytest.mark.parametrize("bad", ["NGUYEN--AN", "Nguyen -An", "N", "Нгуен Ван", "Nguyen 2"])
def test_R2_1_an_international_students_passport_name_must_be_letters_in_a_sane_form(people, clock, overseas, bad):
    with pytest.raises(ActionRefused) as refused:
        actions.file_pinyin(student=overseas, by=overseas.person, spelling=bad, version=0, now=at(2020, 6, 10))
    assert "护照" in refused.value.message
    assert not NameRecord.objects.filter(student=overseas).exists()


def test_R2_6_fill_with_proposals_leaves_international_students_to_be_filled_by_hand(people, overseas):
    filled, by_hand = actions.fill_blanks_with_proposal(campaign=people.campaign, college=people.college_a, by=people.handler_a,
                                                        now=at(2020, 6, 15))
    assert overseas in by_hand
    assert not NameRecord.objects.filter(student=overseas).exists()
    assert NameRecord.objects.get(student=people.student_a1).spelling == "Zeng Guofan"


def test_R2_5_an_unformatted_spelling_stored_earlier_is_not_confirmed_as_it_is(people, clock, shan):
    NameRecord.objects.create(student=shan, spelling="shan jiajun", source="student", version=1)
    with pytest.raises(ActionRefused, match="不是证书格式（应为“Shan Jiajun”）"):
        actions.confirm_pinyin(student=shan, by=shan.person, version=1, now=at(2020, 6, 15))
    with pytest.raises(ActionRefused, match="不是证书格式"):
        actions.record_paper_confirmation(student=shan, by=people.handler_a, signed_on=at(2020, 6, 15).date(),
                                          version=1, now=at(2020, 6, 15))
    record = NameRecord.objects.get(student=shan)
    assert not record.is_confirmed and not AuditEvent.objects.exists()
