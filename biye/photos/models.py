"""R1 diploma photo collection (图像采集): who has a photo on file, how it was taken, and who asked to be added
to the collection.

What "photo on file" means here (Student.photo_on_file, owned by the core):
- set by the roster for photos taken at enrollment (入学时已采集, list B);
- set by a row of the vendor's result file (线上 or 影像中心), imported by the vendor or the Graduate School;
- set when the college records that it received the student's paper photo after a studio make-up (the notice:
  "研究生采集后将纸质版照片交至学院"). The studio sends the digital photo to the Ministry itself, so the paper
  photo is the college's evidence of a studio collection: it counts as collected, method 影像中心.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biye.core.models import Student


class PhotoCollection(models.Model):
    """The student's latest diploma photo collection. One row per student: a later collection replaces the
    earlier one (the notice: "采集后会替换原有采集图像"); the audit trail keeps what it replaced."""

    class Method(models.TextChoices):
        ONLINE = "线上", _("线上")
        STUDIO = "影像中心", _("影像中心")

    class Source(models.TextChoices):
        VENDOR_FILE = "vendor_file", _("影像中心采集结果")
        PAPER = "paper", _("学院收到纸质照片")

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="photo_collection")
    collected_at = models.DateTimeField(_("采集时间"))
    method = models.CharField(_("采集方式"), max_length=8, choices=Method)
    source = models.CharField(_("来源"), max_length=20, choices=Source)
    source_file = models.CharField(_("来源文件"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("记录人"),
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)
    # 附件1 is the list as published, and must not shrink as its students are collected: whether a photo was on
    # file before this campaign's first collection is kept here, set when the row is created and never after
    # (a later collection replaces the time and way, not this). See queries.had_photo_before().
    had_photo_before = models.BooleanField(_("采集前已有图像"), default=False)
    # The college's receipt of the paper photo; kept when a vendor row later replaces the collection time.
    paper_received_on = models.DateField(_("学院收到纸质照片日期"), null=True, blank=True)
    paper_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("纸质照片接收人"),
    )

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.student_id} {self.method} {timezone.localtime(self.collected_at):%Y-%m-%d %H:%M}"


class InclusionRequest(models.Model):
    """R1.3: a student on neither list joins the collection when the college asks and the Graduate School
    approves ("由学院将名单和情况反馈研究生院审核后方可列入")."""

    class State(models.TextChoices):
        PENDING = "pending", _("待研究生院审核")
        APPROVED = "approved", _("已批准列入")
        REJECTED = "rejected", _("未批准")

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="photo_inclusions")
    reason = models.TextField(_("申请理由"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("申请时间"))
    state = models.CharField(_("状态"), max_length=10, choices=State, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_note = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            # At most one open or granted request per student; a rejected one may be followed by a new one.
            models.UniqueConstraint(
                fields=["student"], condition=~models.Q(state="rejected"), name="one_live_inclusion_per_student"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} {self.get_state_display()}"
