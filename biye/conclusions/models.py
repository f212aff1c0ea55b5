"""R3: what a college knows of each graduate (defense, programme), the 结业/肄业/结业转毕业 applications, and the
conclusion the college reports in its 附件8."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from biye.core import codes
from biye.core.models import Deadline, Person, Student, Submission


class Round(models.TextChoices):
    """The two rounds of a campaign: summer (the notice's dates) and autumn (dates the Graduate School sets)."""

    SUMMER = "summer", _("夏季")
    AUTUMN = "autumn", _("秋季")

    @classmethod
    def of(cls, student: Student) -> Round:
        return cls.AUTUMN if student.expected_term == codes.Term.AUTUMN else cls.SUMMER

    @property
    def term(self) -> str:
        return codes.Term.AUTUMN if self == Round.AUTUMN else codes.Term.SUMMER

    @property
    def submission_kind(self) -> str:
        return Submission.Kind.CONCLUSIONS_AUTUMN if self == Round.AUTUMN else Submission.Kind.CONCLUSIONS_SUMMER

    @property
    def defense_kind(self) -> str:
        return Deadline.Kind.AUTUMN_DEFENSE if self == Round.AUTUMN else Deadline.Kind.DEFENSE

    @property
    def conclusions_kind(self) -> str:
        return Deadline.Kind.AUTUMN_CONCLUSIONS if self == Round.AUTUMN else Deadline.Kind.CONCLUSIONS


class Conclusion(models.TextChoices):
    """R3.1."""

    GRADUATE = "毕业", _("毕业")
    COMPLETE = "结业", _("结业")
    WITHDRAW = "肄业", _("肄业")
    CONVERT = "结业转毕业", _("结业转毕业")


class DefenseResult(models.TextChoices):
    PASSED = "通过", _("通过")
    FAILED = "未通过", _("未通过")


class Standing(models.Model):
    """One graduate's defense and programme status, imported or entered by the college (R3.2, R3.3). A None
    means not recorded yet, which is not the same as 否."""

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="conclusion_standing")
    defense_on = models.DateField(_("答辩日期"), null=True, blank=True)
    defense_result = models.CharField(_("答辩结果"), max_length=4, choices=DefenseResult, blank=True)
    defense_grade = models.CharField(_("答辩成绩"), max_length=20, blank=True)
    programme_done = models.BooleanField(_("培养方案完成"), null=True, blank=True)
    grades_passed = models.BooleanField(_("成绩合格"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    def __str__(self) -> str:
        return f"{self.student} {self.defense_result or '—'}"


class Application(models.Model):
    """R3.3, R3.4, 结业转毕业: the student's written application, the advisor's co-signature, the college's
    decision. A returned application stays, with its reason; the student may apply again."""

    class Kind(models.TextChoices):
        COMPLETE = Conclusion.COMPLETE.value, _("结业")
        WITHDRAW = Conclusion.WITHDRAW.value, _("肄业")
        CONVERT = Conclusion.CONVERT.value, _("结业转毕业")

    class State(models.TextChoices):
        ADVISOR = "advisor", _("待导师签字")
        COLLEGE = "college", _("导师已签字，待学院审批")
        APPROVED = "approved", _("学院已批准")
        RETURNED = "returned", _("学院已退回")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="conclusion_applications")
    kind = models.CharField(_("申请"), max_length=6, choices=Kind)
    reason = models.TextField(_("申请理由"))
    state = models.CharField(_("状态"), max_length=10, choices=State, default=State.ADVISOR)
    applied_at = models.DateTimeField(_("申请时间"))
    advisor_signed_at = models.DateTimeField(_("导师签字时间"), null=True, blank=True)
    advisor_signed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    advisor_on_paper = models.BooleanField(_("导师纸质签字（学院登记）"), default=False)
    decided_at = models.DateTimeField(_("学院审批时间"), null=True, blank=True)
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    return_reason = models.TextField(_("退回原因"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-applied_at", "-id"]

    def __str__(self) -> str:
        return f"{self.student} {self.get_kind_display()} {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.ADVISOR, self.State.COLLEGE)


class Report(models.Model):
    """The conclusion the college proposes for one graduate, as its 附件8 row (R3.5)."""

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="graduation_conclusion")
    conclusion = models.CharField(_("毕业结论"), max_length=6, choices=Conclusion)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    proposed_at = models.DateTimeField(_("拟定时间"))
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    def __str__(self) -> str:
        return f"{self.student} {self.conclusion}"
