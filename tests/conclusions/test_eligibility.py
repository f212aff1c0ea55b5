"""R3.1–R3.4: for every graduate, which conclusions the college may report and, for the others, why not, in
words, with the calendar's dates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from django.urls import reverse

from biye.conclusions import eligibility
from biye.conclusions.models import Conclusion
from biye.core import actions as core_actions
from biye.core import calendar
from biye.core.models import Deadline
from tests.conclusions.conftest import approved, certificate_returned, option, standing
from tests.conftest import at, make_student


def test_R3_1_every_graduate_is_told_about_the_four_conclusions(ready, client):
    standing(ready.student_a1)
    client.force_login(ready.student_a1.person)
    html = client.get(reverse("conclusions:me")).content.decode()
    for c in ("毕业", "结业", "肄业", "结业转毕业"):
        assert f'data-conclusion="{c}"' in html
    assert [o.conclusion for o in [option(ready.student_a1, c) for c in Conclusion.values]] == Conclusion.values


def test_R3_2_a_graduate_who_meets_every_condition_may_graduate(ready):
    standing(ready.student_a1)
    assert option(ready.student_a1, "毕业").allowed
    assert not option(ready.student_a1, "结业").allowed


def test_R3_2_over_the_maximum_study_period_is_refused_with_the_dates(ready):
    s = make_student(ready.campaign, ready.college_a, ready.discipline, enrolled_on=dt.date(2014, 9, 1),
                     max_years=Decimal("5"))
    standing(s)
    o = option(s, "毕业")
    assert not o.allowed
    assert o.reasons == ["已超过最长学习年限：2014-09-01 入学，最长 5 年，至 2019-08-31 止（毕业日期 2020-06-30）"]
    assert not option(s, "结业").allowed and "最长学习年限" in option(s, "结业").reasons[0]
    ready.campaign.summer_graduation_date = None  # not set yet: measured to the day the conclusions are due
    ready.campaign.save()
    assert option(s, "毕业").reasons == [
        "已超过最长学习年限：2014-09-01 入学，最长 5 年，至 2019-08-31 止（毕业结论报送截止日，毕业日期未设置 2020-06-29）"]


def test_R3_2_half_years_count_in_months(ready):
    s = make_student(ready.campaign, ready.college_a, ready.discipline, enrolled_on=dt.date(2015, 3, 1),
                     max_years=Decimal("5.5"))
    standing(s)
    assert eligibility.study_period_ends(s) == dt.date(2020, 8, 31)
    assert option(s, "毕业").allowed  # 2020-06-30 is within the period
    ready.campaign.summer_graduation_date = dt.date(2020, 9, 1)
    ready.campaign.save()
    assert option(s, "毕业").reasons == ["已超过最长学习年限：2015-03-01 入学，最长 5.5 年，至 2020-08-31 止（毕业日期 2020-09-01）"]


def test_R3_2_programme_and_grades_not_done_or_not_recorded_are_reasons(ready):
    standing(ready.student_a1, programme=False, grades=False)
    assert option(ready.student_a1, "毕业").reasons == ["培养方案规定内容未修完", "成绩不合格"]
    standing(ready.student_a1, programme=None, grades=None)
    assert option(ready.student_a1, "毕业").reasons == ["培养方案完成情况尚未录入", "成绩是否合格尚未录入"]


def test_R3_2_no_defense_a_failed_one_and_a_late_one_are_reasons(ready):
    s = ready.student_a1
    assert "尚无答辩结果" in option(s, "毕业").reasons
    standing(s, passed=False)
    assert option(s, "毕业").reasons == ["论文答辩未通过"]
    standing(s, on=dt.date(2020, 6, 29))
    assert option(s, "毕业").reasons == ["答辩日期 2020-06-29 晚于答辩截止时间 2020-06-28 24:00"]


def test_R3_2_the_defense_deadline_is_the_calendars(ready):
    standing(ready.student_a1, on=dt.date(2020, 6, 29))
    core_actions.set_deadline(campaign=ready.campaign, kind=Deadline.Kind.DEFENSE, opens=None,
                          closes=at(2020, 7, 1), by=ready.gs)
    assert option(ready.student_a1, "毕业").allowed


def test_R3_3_completion_needs_an_approved_application_and_no_passed_defense(ready):
    s = ready.student_a1
    standing(s, passed=False)
    assert option(s, "结业").reasons == ["没有学院批准的“结业”申请（研究生及导师书面申请、学院审批）"]
    approved(s, "结业", ready.handler_a)
    assert option(s, "结业").allowed
    standing(s, passed=True)
    assert option(s, "结业").reasons == ["论文答辩已通过，符合条件的应报“毕业”"]


def test_R3_3_an_unfinished_programme_is_a_warning_not_a_block(ready):
    s = ready.student_a1
    standing(s, passed=None, programme=False)
    approved(s, "结业", ready.handler_a)
    o = option(s, "结业")
    assert o.allowed and o.warnings == ["原则上应修完培养方案：培养方案规定内容未修完"]


def test_R3_3_failed_grades_block_completion(ready):
    s = ready.student_a1
    standing(s, passed=None, grades=False)
    approved(s, "结业", ready.handler_a)
    assert option(s, "结业").reasons == ["成绩不合格"]


def test_R3_4_withdrawal_needs_only_an_approved_application(ready):
    s = ready.student_a1
    assert option(s, "肄业").reasons == ["没有学院批准的“肄业”申请（研究生及导师书面申请、学院审批）"]
    approved(s, "肄业", ready.handler_a)
    assert option(s, "肄业").allowed


def test_R3_2_conversion_needs_an_earlier_completion_a_defense_an_application_and_the_certificate(ready,
                                                                                                monkeypatch):
    s = ready.student_a1
    assert option(s, "结业转毕业").reasons == ["没有往届结业记录（原毕业结论、原结业证书编号）"]
    s.prior_conclusion, s.prior_certificate_number, s.prior_year = "结业", "100071201802000123", 2018
    s.save()
    standing(s)
    assert option(s, "结业转毕业").reasons == [
        "没有学院批准的“结业转毕业”申请（研究生及导师书面申请、学院审批）", "原结业证书尚未交回学院"]
    assert option(s, "毕业").reasons == ["2018年曾以结业离校（原结业证书 100071201802000123），应报“结业转毕业”"]
    approved(s, "结业转毕业", ready.handler_a)
    certificate_returned(monkeypatch, s)  # R4.4: the diplomas section records it
    assert option(s, "结业转毕业").allowed


def test_R3_2_an_autumn_graduate_is_measured_by_the_autumn_deadline_once_set(ready):
    s = make_student(ready.campaign, ready.college_a, ready.discipline, expected_term="秋季")
    standing(s, on=dt.date(2020, 11, 20))
    assert option(s, "毕业").allowed  # no autumn defense deadline yet: nothing to be late for
    core_actions.set_deadline(campaign=ready.campaign, kind=Deadline.Kind.AUTUMN_DEFENSE, opens=None,
                          closes=at(2020, 11, 1), by=ready.gs)
    assert option(s, "毕业").reasons == ["答辩日期 2020-11-20 晚于答辩截止时间 2020-10-31 24:00"]


def test_R3_2_an_earlier_completion_certificate_number_has_18_digits(ready):
    from django.core.exceptions import ValidationError

    s = ready.student_a1
    s.prior_conclusion, s.prior_certificate_number = "结业", "10007120180200012"  # 17 digits
    with pytest.raises(ValidationError, match="18 位数字"):
        s.full_clean()
    s.prior_certificate_number = "100071201802000123"
    s.full_clean()
