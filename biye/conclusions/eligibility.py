"""R3.2–R3.4 explained: for one graduate, which conclusions the college may report now, and for each other one
the reasons in words, with the dates of the calendar and the campaign's settings (none are written here).

Pure functions over rows already read: the college page explains 2,000 graduates without a query each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from biye.conclusions.models import Application, Conclusion, DefenseResult, Round, Standing
from biye.core import calendar
from biye.core.models import Campaign, Deadline, Student


@dataclass(frozen=True)
class RoundDates:
    """What a round's rules are measured against, read once per page."""

    round: Round
    defense: Deadline | None  # None: the Graduate School has not set the autumn defense deadline yet
    conclusions: Deadline | None
    graduation_date: dt.date | None  # BYRQ; the day the study period is measured to

    @classmethod
    def of(cls, campaign: Campaign, round_: Round, now: dt.datetime | None = None) -> RoundDates:
        defense = calendar.find(campaign, round_.defense_kind)
        conclusions = calendar.find(campaign, round_.conclusions_kind)
        graduation = campaign.autumn_graduation_date if round_ == Round.AUTUMN else campaign.summer_graduation_date
        return cls(round_, defense, conclusions, graduation)

    def measured_on(self, now: dt.datetime) -> tuple[dt.date, str]:
        """The day the study period must last to, and what that day is: the graduation date (BYRQ) when the
        Graduate School has set it, else the day the conclusions are due, else today."""
        if self.graduation_date:
            return self.graduation_date, _("毕业日期")
        if self.conclusions:
            return (timezone.localtime(self.conclusions.closes - dt.timedelta(microseconds=1)).date(),
                    _("毕业结论报送截止日，毕业日期未设置"))
        return timezone.localtime(now).date(), _("今日，毕业日期未设置")


@dataclass
class Option:
    conclusion: Conclusion
    allowed: bool
    reasons: list[str] = field(default_factory=list)  # why not (empty when allowed)
    warnings: list[str] = field(default_factory=list)  # what the college should know, without blocking


def study_period_ends(student: Student) -> dt.date:
    """The last day of the maximum study period (最长学习年限) counted from the enrollment date."""
    months = int((Decimal(student.max_years) * 12).to_integral_value())
    year, month = divmod(student.enrolled_on.month - 1 + months, 12)
    first_after = dt.date(student.enrolled_on.year + year, month + 1, 1)
    day = min(student.enrolled_on.day, _days_in(first_after))
    return first_after.replace(day=day) - dt.timedelta(days=1)


def _days_in(first: dt.date) -> int:
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return (nxt - first).days


def _period(student: Student, dates: RoundDates, now: dt.datetime) -> list[str]:
    ends, (on, what) = study_period_ends(student), dates.measured_on(now)
    if on > ends:
        return [_("已超过最长学习年限：%(enrolled)s 入学，最长 %(years)s 年，至 %(ends)s 止（%(what)s %(on)s）")
                % {"enrolled": student.enrolled_on.isoformat(), "years": _years(student.max_years),
                   "ends": ends.isoformat(), "what": what, "on": on.isoformat()}]
    return []


def _years(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _programme(standing: Standing | None) -> list[str]:
    if standing is None or standing.programme_done is None:
        return [_("培养方案完成情况尚未录入")]
    return [] if standing.programme_done else [_("培养方案规定内容未修完")]


def _grades(standing: Standing | None) -> list[str]:
    if standing is None or standing.grades_passed is None:
        return [_("成绩是否合格尚未录入")]
    return [] if standing.grades_passed else [_("成绩不合格")]


def _defense_passed(standing: Standing | None, dates: RoundDates) -> list[str]:
    if standing is None or not standing.defense_result:
        return [_("尚无答辩结果")]
    if standing.defense_result != DefenseResult.PASSED:
        return [_("论文答辩未通过")]
    if dates.defense is not None and standing.defense_on is not None:
        held = dt.datetime.combine(standing.defense_on, dt.time(), tzinfo=timezone.get_current_timezone())
        if held >= dates.defense.closes:
            return [_("答辩日期 %(on)s 晚于答辩截止时间 %(due)s")
                    % {"on": standing.defense_on.isoformat(), "due": calendar.format_due(dates.defense.closes)}]
    if standing.defense_on is None:
        return [_("答辩日期尚未录入")]
    return []


def _application(approved: set[str], open_: set[str], kind: str) -> list[str]:
    if kind in approved:
        return []
    if kind in open_:
        return [_("“%(kind)s”申请尚在审批中") % {"kind": kind}]
    return [_("没有学院批准的“%(kind)s”申请（研究生及导师书面申请、学院审批）") % {"kind": kind}]


def explain(student: Student, standing: Standing | None, applications: Iterable[Application], dates: RoundDates,
            now: dt.datetime | None = None, *, certificate_returned: bool = False) -> list[Option]:
    """Every conclusion of R3.1 for this graduate, allowed or with its reasons. `certificate_returned`: the
    diplomas section has recorded the earlier 结业 certificate back at the college (R4.4)."""
    now = now or timezone.now()
    apps = list(applications)
    approved = {a.kind for a in apps if a.state == Application.State.APPROVED}
    open_ = {a.kind for a in apps if a.is_open}
    period = _period(student, dates, now)
    programme, grades = _programme(standing), _grades(standing)
    defense = _defense_passed(standing, dates)
    converts = student.prior_conclusion == Conclusion.COMPLETE

    graduate = period + programme + grades + defense
    if converts:
        graduate = [_("%(year)s年曾以结业离校（原结业证书 %(number)s），应报“结业转毕业”")
                    % {"year": student.prior_year or "—", "number": student.prior_certificate_number or "—"}]

    complete = period + grades
    if standing is not None and standing.defense_result == DefenseResult.PASSED and not defense:
        complete.append(_("论文答辩已通过，符合条件的应报“毕业”"))
    complete += _application(approved, open_, Conclusion.COMPLETE)
    complete_warnings = [_("原则上应修完培养方案：%(what)s") % {"what": programme[0]}] if programme else []

    withdraw = _application(approved, open_, Conclusion.WITHDRAW)

    if converts:
        convert = period + programme + grades + defense + _application(approved, open_, Conclusion.CONVERT)
        if not certificate_returned:
            convert.append(_("原结业证书尚未交回学院"))
    else:
        convert = [_("没有往届结业记录（原毕业结论、原结业证书编号）")]

    return [
        Option(Conclusion.GRADUATE, not graduate, graduate),
        Option(Conclusion.COMPLETE, not complete, complete, complete_warnings),
        Option(Conclusion.WITHDRAW, not withdraw, withdraw),
        Option(Conclusion.CONVERT, not convert, convert),
    ]


def allowed(options: Iterable[Option]) -> list[Conclusion]:
    return [o.conclusion for o in options if o.allowed]
