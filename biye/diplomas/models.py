"""R4: diploma numbers, the certificates a graduate receives and signs for, 结业 certificates returned, 学历证明书
referrals and the 硕博连读 study certificates (附件9)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biye.core.models import Campaign, College, Person, Student


class Method(models.TextChoices):
    """How a certificate reaches the graduate (R4.1)."""

    IN_PERSON = "in_person", _("本人领取")
    PROXY = "proxy", _("委托他人代领（附签字授权书）")
    POST = "post", _("邮寄")


class HandoutPlan(models.Model):
    """R4.1: a college's plan for handing its certificates out, shown on its graduates' checklists."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("发放时间"))
    place = models.CharField(_("发放地点"), max_length=200)
    in_person = models.BooleanField(_("本人领取"), default=True)
    proxy = models.BooleanField(_("委托代领"), default=False)
    post = models.BooleanField(_("邮寄"), default=False)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "college"], name="one_handout_plan")]

    def methods(self) -> list[str]:
        return [str(m.label) for m in Method if getattr(self, m.value)]


class NumberCounter(models.Model):
    """R4.6: the last serial issued for one graduation year and level. Locked (SELECT … FOR UPDATE) while a
    college's certificates are numbered; it only ever grows, so a number is never issued twice."""

    year = models.PositiveIntegerField()
    level = models.CharField(max_length=2)  # 01 博士研究生, 02 硕士研究生
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "level"], name="one_counter_per_year_level")]


class Certificate(models.Model):
    """One certificate a graduate receives (R4.1): the 学历证书 (毕业/结业/肄业, numbered, R4.6) or the 学位证书
    (单证 graduates receive only this one; its number is not of this numbering)."""

    class Kind(models.TextChoices):
        DIPLOMA = "diploma", _("学历证书")
        DEGREE = "degree", _("学位证书")

    class Route(models.TextChoices):
        COLLEGE = "college", _("学院发放")
        DOSSIER = "dossier", _("移交学生档案室（定向、委培）")

    class SignMethod(models.TextChoices):
        ONLINE = "online", _("本人网上确认")
        PAPER = "paper", _("纸质签字（学院登记）")

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("证书类型"), max_length=10, choices=Kind)
    conclusion = models.CharField(_("毕业结论"), max_length=10, blank=True)
    number = models.CharField(_("证书编号"), max_length=18, null=True, blank=True)
    # 结业转毕业: the number is the replaced 结业 certificate's (R4.4, R4.6), issued once already.
    keeps_number = models.BooleanField(default=False)
    numbered_at = models.DateTimeField(null=True, blank=True)
    # A withdrawn conclusion voids the certificate; its number stays here and is never issued again.
    void_at = models.DateTimeField(null=True, blank=True)
    route = models.CharField(_("发放途径"), max_length=10, choices=Route, default=Route.COLLEGE)
    reprints = models.PositiveIntegerField(_("重印次数"), default=0)
    # Hand-out (R4.1): who handed it over, to whom, when, how.
    handed_at = models.DateTimeField(_("发放时间"), null=True, blank=True)
    handed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    method = models.CharField(_("领取方式"), max_length=10, choices=Method, blank=True)
    receiver = models.CharField(_("领取人"), max_length=60, blank=True)
    authorisation = models.CharField(_("授权书说明"), max_length=200, blank=True)
    tracking_number = models.CharField(_("快递单号"), max_length=40, blank=True)
    # Signing for: "核对无误" (R4.1, R4.2). After it, no reprint.
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    signed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sign_method = models.CharField(_("签收方式"), max_length=10, choices=SignMethod, blank=True)
    # R4.3: the dossier route. The GS hands the batch over, the archives confirm each; the graduate signs for the
    # cover at the college.
    dossier_sent_at = models.DateTimeField(_("移交档案室时间"), null=True, blank=True)
    dossier_received_at = models.DateTimeField(_("档案室签收时间"), null=True, blank=True)
    dossier_received_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    cover_signed_at = models.DateTimeField(_("领取封皮时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=Q(keeps_number=False), name="diploma_number_issued_once"),
            models.UniqueConstraint(fields=["number"], condition=Q(keeps_number=True), name="diploma_number_kept_once"),
            models.UniqueConstraint(fields=["student", "kind"], condition=Q(void_at__isnull=True),
                                    name="one_live_certificate_per_kind"),
        ]
        ordering = ["student__college__code", "student__number", "kind"]

    def __str__(self) -> str:
        return f"{self.student} {self.get_kind_display()} {self.number or ''}".strip()


class ReprintRequest(models.Model):
    """R4.2: a request to reprint a certificate. Before signing: sent back for reprinting (a misprint). After
    signing: refused and referred to the archives' 学历证明书, which the archives mark done."""

    class Kind(models.TextChoices):
        REPRINT = "reprint", _("签收前退回重印")
        ATTESTATION = "attestation", _("签收后申请，转档案馆开具学历证明书")

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="reprint_requests")
    kind = models.CharField(max_length=12, choices=Kind)
    reason = models.CharField(_("原因"), max_length=300)
    at = models.DateTimeField(_("日期"))
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    done_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-at"]


class JieyeReturn(models.Model):
    """R4.4: the college took back the 结业 certificate of a 结业转毕业 graduate (its number checked)."""

    student = models.OneToOneField(Student, on_delete=models.PROTECT, related_name="jieye_return")
    number = models.CharField(_("结业证书编号"), max_length=18)
    returned_at = models.DateTimeField(_("交回时间"))
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")


class StudyCertificate(models.Model):
    """R4.5 (附件9): a 硕博连读 graduate's request for a certificate of the master's phase, registered by the college
    (for a graduate of an earlier year, entered by hand), issued by the Graduate School with a verification code."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    number = models.CharField(_("学号"), max_length=30)
    name = models.CharField(_("姓名"), max_length=60)
    gender = models.CharField(_("性别"), max_length=2)
    id_number = models.CharField(_("证件号码"), max_length=40)
    master_number = models.CharField(_("硕士阶段学号"), max_length=30)
    master_discipline = models.CharField(_("硕士阶段专业"), max_length=100)
    master_from = models.DateField(_("硕士阶段起始"))
    master_to = models.DateField(_("硕士阶段截止"))
    to_phd_on = models.DateField(_("转博时间"))
    finished_on = models.DateField(_("毕（结）业时间"))
    note = models.CharField(_("备注"), max_length=200, blank=True)
    registered_at = models.DateTimeField()
    registered_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("开具时间"), null=True, blank=True)
    issued_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # secrets.token_urlsafe(16): 128 random bits; unique, so one code names one certificate.
    code = models.CharField(max_length=40, null=True, blank=True, unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="one_study_certificate_request")]
        ordering = ["college__code", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class VerifyAttempt(models.Model):
    """A look-up of an unknown verification code, kept briefly per address so that guessing is slowed down
    (in the database: every server process sees it)."""

    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
