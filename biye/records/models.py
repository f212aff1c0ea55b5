"""R2.4, R2.7: what the records section keeps — English-name corrections of the 附件5 table, each student's
check of their record, and correction applications with their evidence files and both approvals.

Nothing here is ever deleted: an application, its files and its decisions stay for ever (R2.7), as the proof of
why a record says what it says.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from biye.core.models import College, Discipline, Person, Student

# R2.7: the fields a student checks and may apply to correct, in the order the page shows them.
CHECKED_FIELDS = ("name", "gender", "number", "ethnicity", "birth_date", "id_number", "discipline", "level")
FIELD_LABELS = {
    "name": _("姓名"), "gender": _("性别"), "number": _("学号"), "ethnicity": _("民族"), "birth_date": _("出生日期"),
    "id_number": _("证件号码"), "discipline": _("专业"), "level": _("培养层次"),
}


def new_token() -> str:
    return secrets.token_hex(16)


class EnglishNameCorrection(models.Model):
    """R2.4: a college says the English name of a discipline in 附件5 is wrong, with a written explanation
    (情况说明); the Graduate School accepts (the table changes for every student of the discipline) or rejects."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待研究生院审核")
        ACCEPTED = "accepted", _("已采纳")
        REJECTED = "rejected", _("未采纳")

    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="english_corrections")
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="english_corrections")
    current_name = models.CharField(_("原英文名称"), max_length=200, blank=True)
    proposed_name = models.CharField(_("建议英文名称"), max_length=200)
    explanation = models.TextField(_("情况说明"))
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("提出时间"))
    status = models.CharField(_("状态"), max_length=10, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    decision_reason = models.TextField(_("审核意见"), blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("英文专业名称更正")

    def __str__(self) -> str:
        return f"{self.discipline.code} {self.proposed_name}"


class RecordCheck(models.Model):
    """R2.7: the student confirmed "核对无误" online, or the college recorded their signature on paper."""

    class Method(models.TextChoices):
        ONLINE = "online", _("本人网上确认")
        PAPER = "paper", _("纸质签字确认")

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="record_check")
    method = models.CharField(_("确认方式"), max_length=10, choices=Method)
    confirmed_at = models.DateTimeField(_("确认时间"))
    # The student for an online click; the college person who recorded a paper signature.
    confirmed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    paper_signed_on = models.DateField(_("签字日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("学籍信息核对")

    def __str__(self) -> str:
        return f"{self.student} {self.get_method_display()}"


class Correction(models.Model):
    """R2.7: a written application to correct one or more fields of the student's record, approved by the
    college's handler and then the Graduate School; only the final approval changes the record."""

    class Status(models.TextChoices):
        COLLEGE = "college", _("待学院审核")
        GRADUATE_SCHOOL = "gs", _("待研究生院审核")
        APPROVED = "approved", _("已批准，学籍已更正")
        RETURNED_BY_COLLEGE = "returned_college", _("学院退回")
        RETURNED_BY_GS = "returned_gs", _("研究生院退回")

    OPEN = (Status.COLLEGE, Status.GRADUATE_SCHOOL)

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="corrections")
    # {field: value} as the record held it when the application was made, and as it should be (JSON-ready
    # text; the discipline by its code).
    before = models.JSONField(_("原值"))
    after = models.JSONField(_("更正为"))
    reason = models.TextField(_("更正理由"))
    status = models.CharField(_("状态"), max_length=20, choices=Status, default=Status.COLLEGE)
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("申请时间"))
    college_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    college_at = models.DateTimeField(_("学院审核时间"), null=True, blank=True)
    college_note = models.TextField(_("学院意见"), blank=True)
    gs_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    gs_at = models.DateTimeField(_("研究生院审核时间"), null=True, blank=True)
    gs_note = models.TextField(_("研究生院意见"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("学籍信息更正申请")

    def __str__(self) -> str:
        return f"{self.student.number} {self.student.name} {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def field_labels(self) -> str:
        return "、".join(str(FIELD_LABELS.get(f, f)) for f in self.after)


class Evidence(models.Model):
    """One evidence file of an application: PDF, JPG or PNG, checked by its content. Stored under MEDIA_ROOT with
    a random name and served only by records.views.evidence, to people who may see the student."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPG"
        PNG = "png", "PNG"

    CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}

    correction = models.ForeignKey(Correction, on_delete=models.PROTECT, related_name="evidence")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    original_name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=5, choices=Kind)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    stored_as = models.CharField(max_length=100)  # path under MEDIA_ROOT; never shown
    uploaded_at = models.DateTimeField(_("上传时间"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("证明材料")

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.kind]

    @property
    def download_name(self) -> str:
        """A name for the download: the original stem (safe characters only) with the suffix of what it is."""
        stem = "".join(ch for ch in self.original_name.rsplit(".", 1)[0] if ch.isalnum() or ch in "-_ （）()")[:60]
        return f"{stem or 'evidence'}.{'jpg' if self.kind == self.Kind.JPEG else self.kind}"
