"""What every section of the notice stands on: the campaign and its calendar, colleges, disciplines,
students, people with roles, findings and the audit trail."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from biye.core import codes

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Campaign(models.Model):
    """届: one yearly graduation campaign, with the settings the notice fixes for it."""

    class PinyinStyle(models.TextChoices):
        GB = "gb", _("国家标准（ü 保留）")
        PASSPORT = "passport", _("护照写法（ü 写作 yu）")

    year = models.PositiveIntegerField(_("年份"), unique=True)
    label = models.CharField(_("名称"), max_length=40)
    is_current = models.BooleanField(_("当前届"), default=False)
    photo_cutoff_year = models.PositiveIntegerField(
        _("必须采集图像的入学年份上限"), help_text=_("附件1：此年及之前入学且未采集图像的毕业生必须采集。")
    )
    photo_fee = models.DecimalField(_("图像采集费（元/人）"), max_digits=8, decimal_places=2, default=Decimal("20"))
    vendor_name = models.CharField(_("影像中心"), max_length=100, default="易拍数码影像中心")
    vendor_phone = models.CharField(_("影像中心电话"), max_length=40, default="010-58691620")
    vendor_address = models.CharField(
        _("影像中心地址"), max_length=200, default="北京市建外SOHO东区二号楼1803室（地铁1号线或10号线国贸站C出口）"
    )
    school_code = models.CharField(_("学校代码"), max_length=5, default="10007")
    pinyin_style = models.CharField(_("拼音写法"), max_length=10, choices=PinyinStyle, default=PinyinStyle.GB)
    # R4.6: the 6th digit of an 18-digit certificate number. The Ministry's numbering of 高等教育学历证书 (学历证书
    # 电子注册) is 学校代码(5) + 办学类型(1) + 年份(4) + 培养层次(2: 01 博士, 02 硕士) + 流水号(6); graduate
    # certificates of 普通高等教育 carry 办学类型 "1" (as published numbers of graduate diplomas show, e.g.
    # 10003 1 2017 02 ……). A setting, because a university that registers otherwise must be able to say so.
    schooling_type = models.CharField(_("办学类型代码"), max_length=1, default="1",
                                      help_text=_("证书编号第6位；普通高等教育研究生为 1。"))
    number_international = models.BooleanField(
        _("留学生证书纳入统一编号"), default=False,
        help_text=_("默认不纳入：留学生证书按学校另行规定编号。"))
    # Personal information (R5.3, issue 16): what the outside photo company sees, and how long personal data stays.
    vendor_sees_id_numbers = models.BooleanField(
        _("影像中心可见证件号码"), default=False,
        help_text=_("默认关闭：影像中心只看到学号、姓名、学院和采集状态。仅当影像中心核对确需证件号码时开启。"),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("个人信息保存年限"), default=3,
        help_text=_("本届最后一个截止日期之后再保存的年数；期满后可用 biye purge 删除证件号码、出生日期和上传的原始文件。"),
    )
    # R3.6 毕业报库: YXMC, XZM and BYRQ of the registration file.
    university_name = models.CharField(_("学校名称（YXMC）"), max_length=60, default="北京理工大学")
    president_name = models.CharField(_("校长姓名（XZM）"), max_length=30, blank=True)
    summer_graduation_date = models.DateField(_("夏季毕业日期（BYRQ）"), null=True, blank=True)
    autumn_graduation_date = models.DateField(_("秋季毕业日期（BYRQ）"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("毕业工作")

    def __str__(self) -> str:
        return self.label

    @classmethod
    def current(cls) -> Campaign | None:
        return cls.objects.filter(is_current=True).first() or cls.objects.first()

    @classmethod
    def of_year(cls, year: int) -> Campaign:
        """A new, unsaved campaign with the notice's settings for its year (photo cutoff: two years before);
        core.actions.create_campaign saves it with its calendar."""
        return cls(year=year, label=f"{year}届", photo_cutoff_year=year - 2)


class Deadline(models.Model):
    """One dated task of the campaign's calendar (R0.1). `closes` is exclusive: a task due on 06-12
    closes at 06-13 00:00 Asia/Shanghai, so 06-12 23:59:59 is still on time."""

    class Kind(models.TextChoices):
        PHOTO_ONLINE = "photo_online", _("线上图像采集")
        PINYIN_FILING = "pinyin_filing", _("姓名拼音填报")
        VERIFICATION_SUBMIT = "verification_submit", _("学院报送信息核对表（附件6）及特殊情况申请")
        PHOTO_MAKEUP = "photo_makeup", _("图像补采集")
        DEFENSE = "defense", _("论文答辩")
        CERTIFICATE_RETURN = "certificate_return", _("学院交回结业证书")
        CONCLUSIONS = "conclusions", _("学院报送毕业结论（附件8）")
        STUDY_CERTIFICATES = "study_certificates", _("学院报送硕博连读学习证明登记表（附件9）")
        # The autumn round (秋季): the notice gives no dates; the Graduate School sets them. Until then they have
        # no row, and whatever waits on them says "尚未安排", never "late".
        AUTUMN_DEFENSE = "autumn_defense", _("秋季论文答辩")
        AUTUMN_CONCLUSIONS = "autumn_conclusions", _("学院报送秋季毕业结论（附件8）")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("事项"), max_length=40, choices=Kind)
    opens = models.DateTimeField(_("开始"), null=True, blank=True)
    closes = models.DateTimeField(_("截止"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="one_deadline_per_kind")]
        ordering = ["closes"]

    def __str__(self) -> str:
        return f"{self.campaign} {self.get_kind_display()}"


# The notice's dates as (month, day, hour) of opening and exclusive closing, for any campaign year. A day the
# notice names without an hour closes at its end (24:00, stored as the next day's 00:00); only 附件8 closes at 12:00.
DEFAULT_CALENDAR: dict[str, tuple[tuple[int, int, int] | None, tuple[int, int, int]]] = {
    Deadline.Kind.PHOTO_ONLINE: ((6, 9, 0), (6, 13, 0)),
    Deadline.Kind.PINYIN_FILING: (None, (6, 13, 0)),
    Deadline.Kind.VERIFICATION_SUBMIT: (None, (6, 19, 0)),
    Deadline.Kind.PHOTO_MAKEUP: ((6, 13, 0), (6, 21, 0)),
    Deadline.Kind.DEFENSE: (None, (6, 29, 0)),
    Deadline.Kind.CERTIFICATE_RETURN: (None, (6, 29, 0)),
    Deadline.Kind.CONCLUSIONS: (None, (6, 29, 12)),
    Deadline.Kind.STUDY_CERTIFICATES: (None, (6, 30, 0)),
}


def default_deadline_times(year: int, kind: str) -> tuple[dt.datetime | None, dt.datetime]:
    opens, closes = DEFAULT_CALENDAR[kind]

    def at(mdh: tuple[int, int, int]) -> dt.datetime:
        return dt.datetime(year, mdh[0], mdh[1], mdh[2], tzinfo=SHANGHAI)

    return (at(opens) if opens else None), at(closes)


class Division(models.Model):
    """学部: a group of colleges with its Graduate School contact."""

    code = models.CharField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=60)
    contact_name = models.CharField(_("研究生院联系人"), max_length=40, blank=True)
    contact_email = models.EmailField(_("联系人邮箱"), blank=True)
    contact_phone = models.CharField(_("联系人电话"), max_length=40, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class College(models.Model):
    code = models.CharField(_("学院代码"), max_length=20, unique=True)
    name = models.CharField(_("学院名称"), max_length=100)
    division = models.ForeignKey(Division, on_delete=models.SET_NULL, null=True, blank=True, related_name="colleges")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Discipline(models.Model):
    """学科（专业）: code of 4 (first-level) or 6 digits/characters, with its English name (附件5)."""

    class Level(models.TextChoices):
        FIRST = "first", _("一级学科")
        SECOND = "second", _("二级学科/专业")

    code = models.CharField(_("专业代码"), max_length=10, unique=True)
    name_zh = models.CharField(_("专业名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    level = models.CharField(_("学科层级"), max_length=10, choices=Level, default=Level.SECOND)
    # R2.10: in the campaign's catalogue of disciplines, i.e. listed by the Graduate School's 附件5 table (imported
    # or edited on its page). A discipline only a roster named is not; see findings.NOT_IN_CATALOGUE.
    in_catalogue = models.BooleanField(_("列入附件5"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


# The account commands act as (core.actions.system_actor). No account form accepts a ":" in a username, and the
# account is inactive without a password, so nobody can take the name or log in with it.
SYSTEM_USERNAME = "biye:system"
SYSTEM_DISPLAY_NAME = "系统（命令行）"


class Person(AbstractUser):
    """Anyone who logs in. What they may do comes from their RoleGrants; one person may hold several."""

    display_name = models.CharField(_("姓名"), max_length=60, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_system(self) -> bool:
        """The server's operator acting through a command (the audit trail shows 系统（命令行）)."""
        return self.username == SYSTEM_USERNAME


class Role(models.TextChoices):
    GRADUATE_SCHOOL = "gs", _("研究生院")
    HANDLER = "handler", _("学院经办人")
    DEAN = "dean", _("主管院长")
    STUDENT = "student", _("研究生")
    ADVISOR = "advisor", _("导师")
    VENDOR = "vendor", _("影像中心")
    ARCHIVES = "archives", _("档案馆")


COLLEGE_ROLES = (Role.HANDLER, Role.DEAN)


class RoleGrant(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("角色"), max_length=20, choices=Role)
    college = models.ForeignKey(College, on_delete=models.CASCADE, null=True, blank=True, related_name="grants")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "college"], name="one_grant"),
            models.CheckConstraint(
                condition=~models.Q(role__in=["handler", "dean"]) | models.Q(college__isnull=False),
                name="college_roles_name_a_college",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.get_role_display()} {self.college or ''}".strip()


class Student(models.Model):
    """One graduate of one campaign, with every field of the roster (R0.2)."""

    # No index of its own: (campaign, number) and (campaign, college) below begin with it.
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="students", db_index=False)
    number = models.CharField(_("学号"), max_length=30)
    name = models.CharField(_("姓名"), max_length=60)
    gender = models.CharField(_("性别"), max_length=2, choices=codes.Gender)
    ethnicity = models.CharField(_("民族"), max_length=20)
    # Empty after `biye purge` (core/purge.py): birth date NULL, ID number "" — pages show （已删除）.
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=codes.IdType)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="students")
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="students")
    level = models.CharField(_("培养层次"), max_length=4, choices=codes.Level)
    study_mode = models.CharField(_("学习形式"), max_length=6, choices=codes.StudyMode)
    training_type = models.CharField(_("培养方式"), max_length=6, choices=codes.TrainingType)
    certificate_type = models.CharField(_("证书类型"), max_length=4, choices=codes.CertificateType)
    is_international = models.BooleanField(_("留学生"), default=False)
    enrolled_on = models.DateField(_("入学日期"))
    schooling_years = models.DecimalField(_("学制"), max_digits=3, decimal_places=1)
    max_years = models.DecimalField(_("最长学习年限"), max_digits=3, decimal_places=1)
    expected_term = models.CharField(_("预计毕业"), max_length=4, choices=codes.Term)
    advisor_number = models.CharField(_("导师工号"), max_length=30, blank=True)
    advisor_name = models.CharField(_("导师姓名"), max_length=60, blank=True)
    advisor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="advisees", verbose_name=_("导师")
    )
    is_combined = models.BooleanField(_("硕博连读"), default=False)
    photo_on_file = models.BooleanField(_("已采集图像"), default=False)
    # db_default: the roster's plain multi-row INSERT names only the columns it imports.
    examinee_number = models.CharField(_("考生号"), max_length=20, blank=True, db_default="")  # KSH (R3.6)
    # A 结业 graduate of an earlier campaign who now converts (结业转毕业, R3.2, R4.4).
    prior_conclusion = models.CharField(_("原毕业结论"), max_length=6, blank=True, db_default="")
    prior_certificate_number = models.CharField(
        _("原结业证书编号"), max_length=18, blank=True, db_default="",
        validators=[RegexValidator(r"^\d{18}$", _("结业证书编号为 18 位数字。"))])
    prior_year = models.PositiveSmallIntegerField(_("原结业年份"), null=True, blank=True)
    # How to reach the student, from the roster (issue 14 §2): reminders mail and text these before the account's.
    email = models.EmailField(_("电子邮箱"), blank=True, db_default="")
    phone = models.CharField(
        _("手机号"), max_length=20, blank=True, db_default="",
        validators=[RegexValidator(r"^[0-9+\- ]{7,20}$", _("手机号为 7–20 位，只能包含数字、“+”、“-”和空格。"))])
    person = models.OneToOneField(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="student_record"
    )
    # R2.7: fields changed by an approved correction, {field: the value before the first correction} ("discipline"
    # by code). A later roster import keeps their current values and reports the difference instead of silently
    # undoing the correction; the value before tells it that a row with the old 学号 is this student.
    # A database default too: the roster's bulk INSERT names only the columns it fills.
    protected_fields = models.JSONField(_("已按申请更正的字段"), default=dict, db_default={}, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Where the record came from (R5.3): the "roster.import" event of the import that created it (who, when, the
    # archived file) and its row in that file. One event records the import; its 100,000 students do not each
    # need one of their own. No index: nothing looks students up by it.
    origin = models.ForeignKey("AuditEvent", on_delete=models.PROTECT, null=True, blank=True, editable=False,
                               related_name="+", db_index=False, verbose_name=_("创建来源"))
    origin_row = models.PositiveIntegerField(_("名单行号"), null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "number"], name="one_student_number_per_campaign")]
        indexes = [
            models.Index(fields=["campaign", "college"]),
            models.Index(fields=["id_number"]),
        ]
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def enrollment_year(self) -> int:
        return self.enrolled_on.year


class Finding(models.Model):
    """R2.10: a problem the system found in a record by itself, shown where it must be fixed."""

    class Code(models.TextChoices):
        ID_CHECKSUM = "id_checksum", _("身份证号码校验位错误")
        ID_BIRTH = "id_birth", _("出生日期与身份证号码不一致")
        ID_GENDER = "id_gender", _("性别与身份证号码不一致")
        DUPLICATE_ID = "duplicate_id", _("证件号码与其他学生重复")
        NO_ENGLISH_NAME = "no_english_name", _("专业缺少英文名称")
        NOT_IN_CATALOGUE = "not_in_catalogue", _("专业不在学科目录中")

    # Findings about the Graduate School's discipline table (附件5), not about the student's record: the table is
    # fixed, the student is not asked to apply for a correction, and a college cannot mark them as correct.
    TABLE_CODES = frozenset({Code.NO_ENGLISH_NAME, Code.NOT_IN_CATALOGUE})

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=30, choices=Code)
    detail = models.CharField(max_length=300, blank=True)
    found_at = models.DateTimeField(auto_now_add=True)
    # R2.10: the college looked and the record is right as it is (who, when, why). A finding whose detail changes
    # is a new finding and loses the mark (findings.refresh).
    checked_at = models.DateTimeField(_("核实时间"), null=True, blank=True)
    checked_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    check_note = models.CharField(_("核实说明"), max_length=300, blank=True, default="", db_default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "code"], name="one_finding_per_code")]
        ordering = ["student_id", "code"]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.detail}" if self.detail else str(self.get_code_display())

    @property
    def is_open(self) -> bool:
        return self.checked_at is None

    @property
    def about_table(self) -> bool:
        return self.code in self.TABLE_CODES

    def for_student(self) -> str:
        """What the student themselves is shown: never another student's number (证件号码重复 names them)."""
        if self.code == self.Code.DUPLICATE_ID:
            return str(_("您的证件号码与本届另一名学生相同，学院正在核实。"))
        return str(self)


class AuditEvent(models.Model):
    """R5.3: who did what, when, to which object, from what to what. Never updated or deleted."""

    at = models.DateTimeField(_("时间"), db_index=True)
    # Searched by student, college and time; every other index would only slow the bulk writes of an import.
    actor = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False)
    actor_label = models.CharField(_("操作人"), max_length=80)
    action = models.CharField(_("操作"), max_length=60)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    object_label = models.CharField(_("对象"), max_length=120)
    student = models.ForeignKey(Student, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_events")
    college = models.ForeignKey(College, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def changes(self) -> list[tuple[str, object, object]]:
        """Field-by-field differences, for display."""
        before, after = self.before or {}, self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class LoginAttempts(models.Model):
    """Failed logins of one username from one client address, kept briefly: usernames are student numbers,
    easy to know, so guessing passwords is slowed down without letting a stranger lock anyone out. See
    core/security.py (a try is counted before its password is checked)."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["username", "address"], name="login_attempts_one_row")]

    def __str__(self) -> str:
        return f"{self.username}@{self.address} {self.failures} {self.last_at:%Y-%m-%d %H:%M}"


class Submission(models.Model):
    """A college's report to the Graduate School, signed off by its dean (R2.9 附件6, R3.5 附件8 per round,
    R4.5 附件9, R4.4 the returned 结业 certificates): draft → submitted (handler) → signed (dean) → accepted
    (Graduate School), or returned with a reason and submitted again. One row per campaign, college and kind;
    who did each step and when is kept on the row, every step also in the audit trail."""

    class Kind(models.TextChoices):
        VERIFICATION = "verification", _("信息核对表（附件6）")
        CONCLUSIONS_SUMMER = "conclusions_summer", _("夏季毕业结论（附件8）")
        CONCLUSIONS_AUTUMN = "conclusions_autumn", _("秋季毕业结论（附件8）")
        STUDY_CERTIFICATES = "study_certificates", _("硕博连读学习证明登记表（附件9）")
        CERTIFICATE_RETURN = "certificate_return", _("交回的结业证书")

    class State(models.TextChoices):
        DRAFT = "draft", _("未报送")
        SUBMITTED = "submitted", _("已报送，待主管院长签发")
        SIGNED = "signed", _("院长已签发，待研究生院接收")
        ACCEPTED = "accepted", _("研究生院已接收")
        RETURNED = "returned", _("已退回学院修改")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="submissions")
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField(_("报送事项"), max_length=30, choices=Kind)
    state = models.CharField(_("状态"), max_length=12, choices=State, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    signed_at = models.DateTimeField(_("院长签发时间"), null=True, blank=True)
    signed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    returned_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    return_reason = models.TextField(_("退回原因"), blank=True)
    first_returned_at = models.DateTimeField(_("首次退回时间"), null=True, blank=True)
    # R5.2: set when the college first submitted after the deadline (the deadline as it was then).
    late_since = models.DateTimeField(_("逾期起始"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # 0: nothing done yet

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "college", "kind"], name="one_submission_per_kind")
        ]
        ordering = ["college__code", "kind"]

    def __str__(self) -> str:
        return f"{self.college} {self.get_kind_display()}"

    @property
    def is_frozen(self) -> bool:
        """While submitted, signed or accepted, the rows it shows must not change."""
        return self.state in (self.State.SUBMITTED, self.State.SIGNED, self.State.ACCEPTED)
