"""R4.6: 18-digit certificate numbers, assigned when the Graduate School accepts a college's conclusions."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from biye.core import facts, submissions
from biye.core.errors import ActionRefused
from biye.core.models import Role
from biye.diplomas import actions, numbering
from biye.diplomas.models import Certificate, NumberCounter
from tests.conftest import make_person, make_student
from tests.diplomas.conftest import accept_conclusions


def _numbers(*students):
    return [Certificate.objects.get(student=s, kind="diploma", void_at__isnull=True).number for s in students]


def test_R4_6_numbers_follow_acceptance_by_student_number_with_school_type_year_level(people, conclusions):
    a1, a2 = people.student_a1, people.student_a2
    phd = make_student(people.campaign, people.college_a, people.discipline, level="博士", id_number="110101199503070077")
    conclusions.accept(a1, a2, phd)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    assert _numbers(a1, a2) == ["100071202002000001", "100071202002000002"]
    assert _numbers(phd) == ["100071202001000001"]  # 博士 has its own sequence
    # the number fills ZSBH of the registration file, through core/facts.py
    assert facts.values("diplomas.number", [a1.pk, phd.pk]) == {a1.pk: "100071202002000001", phd.pk: "100071202001000001"}
    # 毕业 brings a 学位证书 record too
    assert Certificate.objects.filter(student=a1, kind="degree").exists()


def test_R4_6_a_second_college_continues_the_sequence_and_jieye_yiye_share_it(people, conclusions):
    dean_b = make_person("dean_b", (Role.DEAN, people.college_b))
    b2 = make_student(people.campaign, people.college_b, people.discipline, id_number="110101199503070093")
    conclusions.accept(people.student_a1)
    conclusions.accept(people.student_a2, conclusion="结业")
    conclusions.accept(people.student_b1, conclusion="肄业")
    conclusions.accept(b2)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    accept_conclusions(people.campaign, people.college_b, people, dean_b, people.handler_b)
    assert _numbers(people.student_a1, people.student_a2, people.student_b1, b2) == [
        f"10007120200200000{i}" for i in (1, 2, 3, 4)]
    # 结业 and 肄业 receive no 学位证书
    assert not Certificate.objects.filter(student__in=[people.student_a2, people.student_b1], kind="degree").exists()


def test_R4_6_jieye_to_graduation_keeps_the_number_of_its_jieye_certificate(people, conclusions):
    conclusions.accept(people.student_a1, conclusion="结业转毕业")
    conclusions.jieye[people.student_a1.pk] = {"number": "100071201902000123", "year": 2019}
    conclusions.accept(people.student_a2)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    assert _numbers(people.student_a1, people.student_a2) == ["100071201902000123", "100071202002000001"]


@pytest.mark.parametrize("number, year, message", [
    ("10007120190200012", 2019, "18位数字"),
    ("100011201902000123", 2019, "不是本校"),
    ("100071201802000123", 2019, "年份与原结业年份"),
    ("100071201901000123", 2019, "培养层次"),
])
def test_R4_6_a_wrong_original_jieye_number_stops_the_acceptance_and_says_what_to_fix(people, conclusions, number, year, message):
    conclusions.accept(people.student_a1, conclusion="结业转毕业")
    conclusions.jieye[people.student_a1.pk] = {"number": number, "year": year}
    with pytest.raises(ActionRefused, match=message):
        accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    assert not Certificate.objects.exists()
    assert people.college_a.submissions.get().state == "signed"  # the acceptance was undone with it


def test_R4_6_a_withdrawn_conclusion_voids_the_certificate_and_its_number_is_never_reused(people, conclusions):
    a1, a2 = people.student_a1, people.student_a2
    conclusions.accept(a1, a2)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    del conclusions.accepted[a1.pk]
    actions.assign_numbers(campaign=people.campaign, college=people.college_a, by=people.gs)
    voided = Certificate.objects.get(student=a1, kind="diploma")
    assert voided.void_at is not None and voided.number == "100071202002000001"
    conclusions.accept(a1, conclusion="结业")
    actions.assign_numbers(campaign=people.campaign, college=people.college_a, by=people.gs)
    assert _numbers(a1, a2) == ["100071202002000003", "100071202002000002"]
    assert NumberCounter.objects.get(year=2020, level="02").last == 3


def test_R4_6_international_students_are_outside_the_numbering_unless_the_graduate_school_turns_them_on(people, conclusions):
    foreign = make_student(people.campaign, people.college_a, people.discipline, is_international=True,
                           id_type="护照", id_number="E12345678")
    conclusions.accept(foreign, people.student_a1)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    assert _numbers(foreign, people.student_a1) == [None, "100071202002000001"]

    people.campaign.number_international = True
    people.campaign.save()
    other = make_student(people.campaign, people.college_b, people.discipline, is_international=True,
                         id_type="护照", id_number="E12345679")
    conclusions.accept(other)
    actions.assign_numbers(campaign=people.campaign, college=people.college_b, by=people.gs)
    assert _numbers(other) == ["100071202002000002"]


def test_R4_6_the_schooling_type_is_a_campaign_setting(people, conclusions):
    people.campaign.schooling_type = "7"
    people.campaign.school_code = "10001"
    people.campaign.save()
    conclusions.accept(people.student_a1)
    accept_conclusions(people.campaign, people.college_a, people, people.dean_a, people.handler_a)
    assert _numbers(people.student_a1) == ["100017202002000001"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL")
def test_R4_6_two_colleges_accepted_at_the_same_moment_never_share_a_number(people, conclusions, monkeypatch):
    # Each acceptance holds its transaction open a moment after taking its numbers, so the other one certainly
    # asks for numbers while the first has not committed (without the counter's lock, both would take 000001).
    take = numbering.take

    def slow_take(*args, **kwargs):
        numbers = take(*args, **kwargs)
        time.sleep(0.5)
        return numbers

    monkeypatch.setattr(numbering, "take", slow_take)
    # Earlier colleges of the year have been numbered already (the first INSERT of a counter row would otherwise
    # serialise the two by itself).
    NumberCounter.objects.create(year=2020, level="02", last=100)
    dean_b = make_person("dean_b", (Role.DEAN, people.college_b))
    group_a = [people.student_a1, people.student_a2] + [
        make_student(people.campaign, people.college_a, people.discipline, id_number=f"1101011995030{i:05d}") for i in range(30)]
    group_b = [people.student_b1] + [
        make_student(people.campaign, people.college_b, people.discipline, id_number=f"1101011996030{i:05d}") for i in range(30)]
    conclusions.accept(*group_a, *group_b)
    signed = {}
    for college, dean, handler in ((people.college_a, people.dean_a, people.handler_a),
                                   (people.college_b, dean_b, people.handler_b)):
        s = submissions.submit(campaign=people.campaign, college=college, kind="conclusions_summer", by=handler, version=None)
        signed[college.pk] = submissions.sign_off(submission=s, by=dean, version=None)
    barrier, errors = threading.Barrier(2), []

    def accept(submission):
        try:
            barrier.wait()
            submissions.accept(submission=submission, by=people.gs, version=None)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(s,)) for s in signed.values()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = list(Certificate.objects.filter(kind="diploma").values_list("number", flat=True))
    assert len(numbers) == len(group_a) + len(group_b) == len(set(numbers))
    assert sorted(int(n[-6:]) for n in numbers) == list(range(101, 101 + len(numbers)))
