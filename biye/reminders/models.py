"""B4: reminders before each deadline, and every one of them on record (whom, what, which deadline, how, with
what outcome)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from biye.core.models import College, Deadline, Person, Student

DEFAULT_LEAD_DAYS = (3, 1)


class LeadTimes(models.Model):
    """How many days before a deadline its reminders go out (by default 3 and 1)."""

    deadline = models.OneToOneField(Deadline, on_delete=models.CASCADE, related_name="reminder_leads")
    days = models.JSONField(_("提前天数"), default=list)

    def __str__(self) -> str:
        return f"{self.deadline}: {self.days}"


class Contact(models.Model):
    """How to reach a person besides the e-mail on their account (a phone, for an SMS gateway). A student's phone
    and e-mail from the roster are core Student fields, read first (queries.student_recipient)."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="reminder_contact")
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    def __str__(self) -> str:
        return f"{self.person} {self.phone}"


class Reminder(models.Model):
    """One message to one person by one channel. The unique constraint is what makes `biye remind` safe to run
    twice: a reminder for the same task, deadline and lead time is never written, so never sent, again.

    `task` is a checklist task's key, or "report:<kind>" for a form the college submits (core/submissions.py), or
    "digest" for the Graduate School's morning digest. `lead` says which occasion: "3d"/"1d" before the deadline,
    "nudge:2026-06-10" for a college's 催办, "daily:2026-06-10" for what is repeated each morning. `scope` separates the messages
    one person gets for several colleges (a handler of two); it is "" for a student's own reminders."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        DELIVERED = "delivered", _("已送达")
        FAILED = "failed", _("发送失败")
        OUTBOX = "outbox", _("仅存于发件箱（未配置邮件服务器）")

    class Audience(models.TextChoices):
        STUDENT = "student", _("学生本人")
        HANDLER = "handler", _("学院经办人")
        DEAN = "dean", _("主管院长")
        GRADUATE_SCHOOL = "gs", _("研究生院")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reminders", db_index=False)
    task = models.CharField(_("事项"), max_length=40)
    # None for what is not about one deadline: the Graduate School's morning digest, a form with no date yet.
    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    lead = models.CharField(_("提醒时机"), max_length=30)
    channel = models.CharField(_("渠道"), max_length=20)
    scope = models.CharField(max_length=20, blank=True, default="")
    audience = models.CharField(_("对象"), max_length=10, choices=Audience)
    student = models.ForeignKey(Student, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    college = models.ForeignKey(College, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    address = models.CharField(_("地址"), max_length=254, blank=True)
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PENDING)
    error = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("生成时间"), db_index=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    sent_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                verbose_name=_("催办人"))
    run = models.CharField(max_length=32, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "task", "deadline", "lead", "channel", "scope"],
                                    name="one_reminder_per_occasion"),
            # NULLs are distinct in a unique index: the undated ones need their own.
            models.UniqueConstraint(fields=["person", "task", "lead", "channel", "scope"],
                                    condition=models.Q(deadline__isnull=True), name="one_undated_reminder_per_occasion"),
        ]
        indexes = [models.Index(fields=["college", "created_at"]), models.Index(fields=["person", "channel", "created_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.task} {self.lead} {self.channel}"

    @property
    def lead_label(self) -> str:
        """The occasion as people say it: 截止前 3 天, 学院催办, 逾期日报."""
        if self.lead.startswith("nudge:"):
            return str(_("学院催办"))
        if self.lead.startswith("daily:"):
            return str(_("逾期日报（%(day)s）") % {"day": self.lead.removeprefix("daily:")})
        if self.lead.endswith("d") and self.lead[:-1].isdigit():
            return str(_("截止前 %(n)s 天") % {"n": self.lead[:-1]})
        return self.lead
