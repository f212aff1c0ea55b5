from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from biye.core import cells, codes
from biye.core.models import SHANGHAI, College, Deadline


class SafeCharField(forms.CharField):
    """Every text field of every form: refuses control characters, bidirectional overrides and isolates, and
    zero-width characters (core.cells.unsafe_character), which a person cannot see and which, in a name, reverse
    or hide it wherever it is shown. A one-line field also refuses line breaks and tabs."""

    def validate(self, value) -> None:
        super().validate(value)
        if value:
            code = cells.unsafe_character(str(value), one_line=not isinstance(self.widget, forms.Textarea))
            if code:
                raise forms.ValidationError(cells.unsafe_message(code), code="unsafe")


class PlausibleDateField(forms.DateField):
    """A date a person means: between 1990 and 2100 (a year 1 date cannot even be stored with a time zone)."""

    years = (1990, 2100)

    def validate(self, value) -> None:
        super().validate(value)
        if value and not self.years[0] <= value.year <= self.years[1]:
            raise forms.ValidationError(_("日期 %(d)s 不合理，应在 %(a)d 年至 %(b)d 年之间。") % {
                "d": value.isoformat(), "a": self.years[0], "b": self.years[1]}, code="implausible")


class PlausibleDateTimeField(forms.DateTimeField):
    """A date and time between 1990 and 2100, as PlausibleDateField."""

    years = PlausibleDateField.years

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError):  # year 1 in a time zone east of UTC falls before year 1 in UTC
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value) -> None:
        super().validate(value)
        if value and not self.years[0] <= value.year <= self.years[1]:
            raise forms.ValidationError(_("日期 %(d)s 不合理，应在 %(a)d 年至 %(b)d 年之间。") % {
                "d": f"{value:%Y-%m-%d}", "a": self.years[0], "b": self.years[1]}, code="implausible")


def _choices(enum) -> list[tuple[str, str]]:
    return [("", _("全部")), *enum.choices]


class StudentFilterForm(forms.Form):
    q = SafeCharField(label=_("搜索"), required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": _("学号、姓名或证件号码")}))
    level = forms.ChoiceField(label=_("培养层次"), required=False, choices=_choices(codes.Level))
    study_mode = forms.ChoiceField(label=_("学习形式"), required=False, choices=_choices(codes.StudyMode))
    training_type = forms.ChoiceField(label=_("培养方式"), required=False, choices=_choices(codes.TrainingType))
    certificate_type = forms.ChoiceField(label=_("证书类型"), required=False, choices=_choices(codes.CertificateType))
    expected_term = forms.ChoiceField(label=_("预计毕业"), required=False, choices=_choices(codes.Term))
    findings = forms.ChoiceField(label=_("待更正"), required=False, choices=[("", _("全部")), ("yes", _("有系统发现的问题"))])
    task = SafeCharField(required=False, widget=forms.HiddenInput)
    state = forms.ChoiceField(required=False, choices=[("", ""), ("done", "done"), ("todo", "todo")], widget=forms.HiddenInput)


class ArchivesFilterForm(StudentFilterForm):
    """The archives' list: by college too (定向/委培 graduates of every college)."""

    field_order = ["college", "q", "training_type"]

    def __init__(self, *args, colleges=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["college"] = forms.ModelChoiceField(
            label=_("学院"), required=False, to_field_name="code", empty_label=_("全部学院"),
            queryset=(colleges if colleges is not None else College.objects.all()).order_by("code"),
        )
        self.fields["training_type"].choices = [("", _("全部")), ("定向", _("定向")), ("委培", _("委培"))]
        for name in ("findings", "certificate_type"):
            del self.fields[name]
        self.order_fields(self.field_order)


# A moment as the notice writes it: "2020-06-12 24:00", "06-12 24:00" (the campaign's year), "6月12日24:00".
_MOMENT = re.compile(
    r"^(?:(?P<year>\d{4})\s*[-/.年]\s*)?(?P<month>\d{1,2})\s*[-/.月]\s*(?P<day>\d{1,2})\s*日?\s*[T ]?\s*"
    r"(?P<hour>\d{1,2})\s*[:：时]\s*(?P<minute>\d{2})\s*分?$"
)


def parse_notice_moment(text: str, *, year: int) -> dt.datetime:
    """A day and time in Asia/Shanghai as the notice writes them; 24:00 is the end of the day, so "06-12 24:00"
    is the exclusive 06-13 00:00 that deadlines store. Raises ValueError when `text` is not such a moment."""
    found = _MOMENT.match(" ".join(text.split()))
    if found is None:
        raise ValueError(text)
    hour, minute = int(found["hour"]), int(found["minute"])
    if hour == 24 and minute == 0:
        hour, extra = 0, dt.timedelta(days=1)
    else:
        extra = dt.timedelta()
    day = dt.datetime(int(found["year"] or year), int(found["month"]), int(found["day"]), hour, minute, tzinfo=SHANGHAI)
    return day + extra


class NoticeMomentField(forms.Field):
    """R0.1: a deadline typed the way the notice writes it (see `parse_notice_moment`)."""

    widget = forms.TextInput

    def __init__(self, *, year: int = 2000, **kwargs) -> None:
        self.year = year
        super().__init__(**kwargs)

    def to_python(self, value):
        text = str(value or "").strip()[:40]
        if not text:
            return None
        try:
            moment = parse_notice_moment(text, year=self.year)
            if not PlausibleDateField.years[0] <= moment.year <= PlausibleDateField.years[1]:
                raise ValueError(text)  # a year 1 moment cannot even be stored with its time zone
            return moment
        except (ValueError, OverflowError):
            raise forms.ValidationError(
                _("“%(text)s”不是有效的日期和时间。请按通知的写法填写，例如 2020-06-12 24:00（当天结束）或 2020-06-29 12:00。"),
                params={"text": text}, code="invalid",
            ) from None


class DeadlineForm(forms.Form):
    """R0.1: one row of the calendar page. `confirm_past` is sent by the second step the page asks for before a
    deadline is moved to a moment already past: it names the closing moment confirmed (see `past_confirmed`)."""

    kind = forms.ChoiceField(choices=Deadline.Kind.choices, widget=forms.HiddenInput)
    opens = NoticeMomentField(label=_("开始"), required=False)
    closes = NoticeMomentField(label=_("截止"))
    seen = SafeCharField(required=False, max_length=80, widget=forms.HiddenInput)
    confirm_past = SafeCharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opens"].year = self.fields["closes"].year = year

    @staticmethod
    def past_token(closes: dt.datetime) -> str:
        return closes.isoformat()

    @property
    def past_confirmed(self) -> bool:
        """The person confirmed this very closing moment (a different one typed on the confirmation step is
        asked about again)."""
        return self.cleaned_data["confirm_past"] == self.past_token(self.cleaned_data["closes"])


class AuditSearchForm(forms.Form):
    q = SafeCharField(label=_("学号、姓名或操作人"), required=False)
    action = forms.ChoiceField(label=_("操作类型"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        from biye.core import audit

        super().__init__(*args, **kwargs)
        # The kinds of events as the page names them (each section names its own in its AppConfig.ready()).
        self.fields["action"].choices = [("", _("全部")), *audit.action_choices()]


class ExportLogForm(forms.Form):
    """数据导出记录: whose exports, of which college."""

    who = forms.CharField(label=_("导出人（姓名或用户名）"), required=False, max_length=80)
    college = forms.ChoiceField(label=_("学院"), required=False)

    def __init__(self, *args, colleges=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["college"].choices = [("", _("全部")), *((c.code, f"{c.code} {c.name}") for c in colleges)]


class CampaignSettingsForm(forms.ModelForm):
    """R0.1: the campaign's configuration, with the notice's values as defaults."""

    seen = SafeCharField(required=False, max_length=80, widget=forms.HiddenInput)

    class Meta:
        from biye.core.models import Campaign

        model = Campaign
        fields = ["label", "photo_cutoff_year", "photo_fee", "vendor_name", "vendor_phone", "vendor_address",
                  "school_code", "pinyin_style", "schooling_type", "number_international", "vendor_sees_id_numbers",
                  "retention_years", "university_name", "president_name", "summer_graduation_date",
                  "autumn_graduation_date"]
        widgets = {"vendor_address": forms.TextInput(attrs={"size": 60}),
                   "summer_graduation_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                   "autumn_graduation_date": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
        field_classes = {name: SafeCharField for name in ("label", "vendor_name", "vendor_phone", "vendor_address",
                                                          "school_code", "university_name", "president_name")}


class LoginForm(AuthenticationForm):
    """Django's login form; each try is counted for the username and the client's address before the password is
    checked, and a pair that failed too often lately is refused without checking it (core/security.py)."""

    locked = False

    def clean(self):
        from biye.core import security

        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if not username or password is None:
            return super().clean()
        address = security.client_address(self.request)
        if not security.claim_try(username, address):
            self.locked = True
            raise forms.ValidationError(
                _("该账号在您的网络上连续登录失败次数过多，已暂停登录 %(minutes)d 分钟。请稍后再试；"
                  "忘记密码请联系学院或研究生院。") % {"minutes": settings.BIYE_LOGIN_LOCK_MINUTES},
                code="locked",
            )
        cleaned = super().clean()  # a wrong password raises here, and its claimed try stays counted
        security.give_back(username, address)
        return cleaned


class GrantRoleForm(forms.Form):
    """The Graduate School gives someone a role; a new username makes a new account without a password."""

    username = SafeCharField(label=_("用户名（学号、工号或账号）"), max_length=150)
    display_name = SafeCharField(label=_("姓名（新建账号时填写）"), max_length=60, required=False)
    role = forms.ChoiceField(label=_("角色"), choices=[])
    college = forms.ModelChoiceField(label=_("学院（学院经办人、主管院长必填）"), queryset=None, required=False,
                                     to_field_name="code")

    def __init__(self, *args, **kwargs):
        from biye.core.models import College, Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r != Role.STUDENT]
        self.fields["college"].queryset = College.objects.order_by("code")


class RevokeRoleForm(forms.Form):
    """The hidden id of the role grant a revoke button stands for (a tampered value is a 404, not an error)."""

    grant = forms.IntegerField(min_value=1)


class PeopleSearchForm(forms.Form):
    q = SafeCharField(label=_("用户名或姓名"), required=False)


class OwnPasswordChangeForm(PasswordChangeForm):
    """Django's password page (old password, rules, session kept), saving through the audited action."""

    def save(self, commit: bool = True):
        from biye.core import actions

        actions.change_own_password(person=self.user, new_password=self.cleaned_data["new_password1"], by=self.user)
        return self.user


class SubmissionActionForm(forms.Form):
    """One step of a college's submission (R2.9): which step, the version the page showed, a return reason."""

    op = forms.ChoiceField(choices=[("submit", "submit"), ("sign", "sign"), ("accept", "accept"), ("return", "return")])
    version = forms.IntegerField(min_value=0)
    reason = SafeCharField(required=False, max_length=2000, widget=forms.Textarea)
