"""R2.8: the English diploma name is the confirmed spelling; unconfirmed or disputed names are risks."""

from __future__ import annotations

from django.urls import reverse

from biye.core.models import AuditEvent
from biye.names import actions, queries
from tests.conftest import at, make_student, page_rows

RISKS = "/names/risks/"


def file(student, spelling, reason="", when=at(2020, 6, 10)):
    return actions.file_pinyin(student=student, by=student.person, spelling=spelling, reason=reason, version=None,
                               now=when)


def confirm(student, when=at(2020, 6, 14)):
    return actions.confirm_pinyin(student=student, by=student.person, version=None, now=when)


def test_R2_8_the_english_diploma_name_is_the_confirmed_spelling_and_nothing_before(people):
    student = people.student_a1
    assert queries.english_diploma_name(student) == ""
    file(student, "Zeng Guofan")
    assert queries.english_diploma_name(student) == ""
    confirm(student)
    assert queries.english_diploma_name(student) == "Zeng Guofan"
    rows = {s.number: s.diploma_name for s in queries.name_list(people.gs, campaign=people.campaign)}
    assert rows == {people.student_a1.number: "Zeng Guofan", people.student_a2.number: "",
                    people.student_b1.number: ""}
    actions.fill_pinyin(student=student, by=people.handler_a, spelling="Ceng Guofan", version=None,
                        now=at(2020, 6, 15))
    assert queries.english_diploma_name(student) == ""  # changed: no diploma name until confirmed again


def test_R2_8_the_graduate_school_sees_risk_counts_per_college_and_the_list(client, people, clock):
    file(people.student_a1, "Tseng Kuofan", reason="护照写法")  # with a reason, not confirmed
    file(people.student_a2, "Ouyang Xiu")
    confirm(people.student_a2)
    actions.fill_pinyin(student=people.student_a2, by=people.handler_a, spelling="Auyeung Sau", reason="与香港证件一致",
                        version=None, now=at(2020, 6, 15))  # changed after confirmation
    b2 = make_student(people.campaign, people.college_b, people.discipline, name="翟志刚")
    file(b2, "Zhai Zhigang")
    confirm(b2)  # no risk
    # student_b1 has not filed at all.
    make_student(people.campaign, people.college_b, people.discipline, name="李娜", certificate_type="单证")

    counts = {row["college"].code: row for row in queries.risk_counts(people.gs, campaign=people.campaign)}
    a, b = counts[people.college_a.code], counts[people.college_b.code]
    assert (a["total"], a["not_filed"], a["not_confirmed"], a["with_reason"], a["changed"]) == (2, 0, 2, 2, 1)
    assert (b["total"], b["not_filed"], b["not_confirmed"], b["with_reason"], b["changed"]) == (2, 1, 1, 0, 0)

    clock(2020, 6, 16, 9)
    client.force_login(people.gs)
    page = client.get(RISKS).content.decode()
    assert f'id="risk-{people.college_a.code}"' in page and f'id="risk-{people.college_b.code}"' in page
    assert '<td class="num risk-changed">1</td>' in page
    for risky in (people.student_a1, people.student_a2, people.student_b1):
        assert f'id="pinyin-row-{risky.number}"' in page
    assert f'id="pinyin-row-{b2.number}"' not in page
    assert "护照写法" in page and "确认后被修改" in page
    changed_only = client.get(RISKS, {"status": "changed"}).content.decode()
    assert f'id="pinyin-row-{people.student_a2.number}"' in changed_only
    assert f'id="pinyin-row-{people.student_a1.number}"' not in changed_only


def test_R2_8_a_college_sees_only_its_own_risks(client, people, clock):
    file(people.student_a1, "Zeng Guofan")
    confirm(people.student_a1)
    client.force_login(people.handler_a)
    page = client.get(reverse("names:college", args=[people.college_a.code]), {"status": "risk"}).content.decode()
    assert f'id="pinyin-row-{people.student_a2.number}"' in page
    assert f'id="pinyin-row-{people.student_a1.number}"' not in page
    assert f'id="pinyin-row-{people.student_b1.number}"' not in page
    counts = queries.risk_counts(people.handler_a, campaign=people.campaign)
    assert [row["college"] for row in counts] == [people.college_a]


def test_R2_8_only_the_graduate_school_opens_the_risks_page(client, people, clock):
    for person in (people.handler_a, people.dean_a, people.student_a1.person, people.advisor, people.vendor):
        client.force_login(person)
        assert client.get(RISKS).status_code == 403


def test_R2_8_the_risks_page_stays_within_a_fixed_number_of_queries(client, people, clock, django_assert_max_num_queries):
    def add(n):
        for i in range(n):
            college = people.college_a if i % 2 else people.college_b
            s = make_student(people.campaign, college, people.discipline, name="区志航")
            file(s, "Au Chihong", reason="家人习惯")

    client.force_login(people.gs)
    add(3)
    with django_assert_max_num_queries(12) as small:
        first = client.get(RISKS)
    assert len(page_rows(first)) == 6  # the house fixture's three are not confirmed yet, and three more
    add(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(RISKS)
    assert page.context["page"].paginator.count == 46 and len(page_rows(page)) > 6
    assert page.content.decode().count("家人习惯") >= 40


def test_R2_8_every_change_keeps_before_and_after_in_the_audit_trail(people):
    file(people.student_a1, "Zeng Guofan")
    confirm(people.student_a1)
    actions.fill_pinyin(student=people.student_a1, by=people.handler_a, spelling="Ceng Guofan", version=None,
                        now=at(2020, 6, 15))
    events = list(AuditEvent.objects.filter(student=people.student_a1).order_by("at"))
    assert [e.action for e in events] == ["names.file", "names.confirm", "names.fill"]
    assert [e.actor for e in events] == [people.student_a1.person, people.student_a1.person, people.handler_a]
    fill = events[2]
    assert fill.before["spelling"] == "Zeng Guofan" and fill.after["spelling"] == "Ceng Guofan"
    assert fill.before["method"] == "online" and fill.after["method"] == ""
    assert fill.after["changed_after_confirmation"] is True
