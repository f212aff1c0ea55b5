from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from biye.reminders.models import Reminder


class ReminderSearchForm(forms.Form):
    q = forms.CharField(label=_("学号、姓名或用户名"), required=False)
    channel = forms.ChoiceField(label=_("渠道"), required=False,
                                choices=[("", _("全部")), ("email", _("电子邮件")), ("notice", _("站内通知"))])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *Reminder.Status.choices])


class LeadTimesForm(forms.Form):
    deadline = forms.IntegerField(widget=forms.HiddenInput)
    days = forms.CharField(label=_("提前天数"), max_length=40)

    def clean_days(self) -> list[int]:
        raw = self.cleaned_data["days"].replace("，", ",").replace("、", ",")
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError:
            raise forms.ValidationError(_("请填写整数天数，用逗号分隔，例如“3,1”。")) from None


class NudgeForm(forms.Form):
    students = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=False)

    def __init__(self, *args, student_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].choices = [(i, i) for i in student_ids]
