"""R4.6 with the real conclusions section (no stand-in providers): a college's 附件8 goes through proposals, the
handler's submission, the dean's sign-off and the Graduate School's acceptance (core/submissions.py); the
accepted graduates are numbered, a 结业转毕业 graduate keeps the roster's 原结业证书编号, and the 毕业报库 file
(conclusions/exports.py) carries the numbers in ZSBH through the "diplomas.number" fact."""

from __future__ import annotations

import datetime as dt

from biye.conclusions import actions as conclusions
from biye.conclusions import exports
from biye.conclusions.models import Round
from biye.core import submissions
from biye.core.models import Submission
from biye.diplomas import actions as diplomas
from biye.diplomas.models import Certificate
from biye.names.models import NameRecord
from tests.conclusions.conftest import approved, standing
from tests.conftest import at, make_student


def _diploma(student):
    return Certificate.objects.get(student=student, kind="diploma", void_at__isnull=True)


def test_R4_6_the_real_conclusions_flow_numbers_the_accepted_graduates_and_fills_ZSBH(people, clock):
    clock(2020, 6, 25, 10)
    c = people.campaign
    c.university_name, c.president_name, c.summer_graduation_date = "北京理工大学", "张校长", dt.date(2020, 6, 30)
    c.save()
    a1, a2 = people.student_a1, people.student_a2
    a0 = make_student(c, people.college_a, people.discipline, name="白居易", id_number="110101199503070093",
                      number="3120000000")  # first by 学号, made last
    a2.prior_conclusion, a2.prior_certificate_number, a2.prior_year = "结业", "100071201802000123", 2018
    a2.save()
    for s in (a0, a1, a2):
        standing(s)
    for s in (a0, a1, a2):  # the pinyin confirmed in time: not late for it either
        NameRecord.objects.create(student=s, spelling="Bai Juyi", source="student", confirmed_at=at(2020, 6, 11),
                                  method="online", version=2)
    diplomas.record_jieye_return(student=a2, by=people.handler_a, number="100071201802000123")  # R4.4, for real
    # 附件6 and the returned certificates accepted on time: the college is not late (R5.2), so it is reported.
    for kind in ("verification", "certificate_return"):
        Submission.objects.create(campaign=c, college=people.college_a, kind=kind, state="accepted",
                                  first_submitted_at=at(2020, 6, 17), accepted_at=at(2020, 6, 18), version=3)
    approved(a2, "结业转毕业", people.handler_a)
    conclusions.propose(student=a2, by=people.handler_a, conclusion="结业转毕业", note="已交回结业证书")
    conclusions.propose_graduates(campaign=c, college=people.college_a, round_=Round.SUMMER, by=people.handler_a,
                                  expected=2)

    s = submissions.submit(campaign=c, college=people.college_a, kind="conclusions_summer", by=people.handler_a,
                           version=None, now=at(2020, 6, 28, 9))
    assert not Certificate.objects.exists()  # submitted is not accepted: no numbers yet
    s = submissions.sign_off(submission=s, by=people.dean_a, version=s.version, now=at(2020, 6, 28, 10))
    assert not Certificate.objects.exists()
    submissions.accept(submission=s, by=people.gs, version=s.version, now=at(2020, 6, 28, 11))

    assert [(_diploma(x).conclusion, _diploma(x).number) for x in (a0, a1, a2)] == [
        ("毕业", "100071202002000001"), ("毕业", "100071202002000002"), ("结业转毕业", "100071201802000123")]
    assert _diploma(a2).keeps_number
    assert _diploma(a2).route == "dossier"  # 定向 (R4.3)
    assert Certificate.objects.filter(kind="degree", student__in=[a0, a1, a2]).count() == 3
    assert not Certificate.objects.filter(student=people.student_b1).exists()  # college B has not reported

    reg = exports.registration(c, Round.SUMMER, now=at(2020, 7, 1))
    assert [(r[1], r[16], r[17]) for r in reg.rows] == [

        (a0.number, "毕业", "100071202002000001"), (a1.number, "毕业", "100071202002000002"),
        (a2.number, "毕业", "100071201802000123")]
    assert not any("ZSBH" in n for n in reg.notes)
