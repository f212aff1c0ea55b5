"""Issue 7: who a rule of the notice concerns is written once (core/concerned.py), as a query expression and
its one-student twin, and the two agree."""

from __future__ import annotations

import datetime as dt

from biye.core import concerned
from biye.core.models import Student
from tests.conftest import make_student


def test_R1_1_enrolled_by_the_cutoff_year_is_the_same_rule_in_a_query_and_for_one_student(people):
    c, a, d = people.campaign, people.college_a, people.discipline  # 2020届, cutoff 2018
    edge = [make_student(c, a, d, login=False, enrolled_on=day)
            for day in (dt.date(2018, 1, 1), dt.date(2018, 12, 31), dt.date(2019, 1, 1), dt.date(2016, 9, 1))]
    by_query = set(Student.objects.filter(concerned.enrolled_by_cutoff(c), pk__in=[s.pk for s in edge])
                   .values_list("pk", flat=True))
    by_student = {s.pk for s in edge if concerned.is_enrolled_by_cutoff(s)}
    assert by_query == by_student == {edge[0].pk, edge[1].pk, edge[3].pk}
    c.photo_cutoff_year = 2019  # the Graduate School moves the line: one setting, both forms follow
    assert concerned.is_enrolled_by_cutoff(edge[2], c)
    assert Student.objects.filter(concerned.enrolled_by_cutoff(c), pk=edge[2].pk).exists()


def test_R2_1_a_diploma_is_for_dual_certificate_graduates_in_a_query_and_for_one_student(people):
    single = make_student(people.campaign, people.college_a, people.discipline, login=False, certificate_type="单证")
    students = [people.student_a1, people.student_a2, people.student_b1, single]
    by_query = set(Student.objects.filter(concerned.receives_diploma()).values_list("pk", flat=True))
    by_student = {s.pk for s in students if concerned.is_receiving_diploma(s)}
    assert by_query == by_student == {people.student_a1.pk, people.student_a2.pk, people.student_b1.pk}
