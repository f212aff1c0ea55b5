"""Input of the conclusions pages: the forms check the shape; whether it may be stored is the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from biye.conclusions.models import Application, Conclusion, DefenseResult, Round

YES_NO_BLANK = [("", _("未录入")), ("yes", _("是")), ("no", _("否"))]


class RoundForm(forms.Form):
    round = forms.ChoiceField(choices=Round.choices, required=False)

    def round_value(self) -> Round:
        return Round(self.cleaned_data.get("round") or Round.SUMMER) if self.is_valid() else Round.SUMMER


class StandingForm(forms.Form):
    defense_on = forms.DateField(label=_("答辩日期"), required=False,
                                 widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    defense_result = forms.ChoiceField(label=_("答辩结果"), required=False,
                                       choices=[("", _("未答辩")), *DefenseResult.choices])
    defense_grade = forms.CharField(label=_("答辩成绩"), required=False, max_length=20)
    programme_done = forms.ChoiceField(label=_("培养方案完成"), required=False, choices=YES_NO_BLANK)
    grades_passed = forms.ChoiceField(label=_("成绩合格"), required=False, choices=YES_NO_BLANK)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean(self):
        data = super().clean()
        if data.get("defense_result") and not data.get("defense_on"):
            self.add_error("defense_on", _("有答辩结果时须填写答辩日期。"))
        return data

    def values(self) -> dict:
        d = self.cleaned_data
        yes_no = {"": None, "yes": True, "no": False}
        return {"defense_on": d["defense_on"], "defense_result": d["defense_result"],
                "defense_grade": d["defense_grade"].strip(), "programme_done": yes_no[d["programme_done"]],
                "grades_passed": yes_no[d["grades_passed"]]}


class ProposeForm(forms.Form):
    student = forms.IntegerField(widget=forms.HiddenInput)
    conclusion = forms.ChoiceField(label=_("毕业结论"), choices=Conclusion.choices)
    note = forms.CharField(label=_("备注"), required=False, max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ProposeAllForm(forms.Form):
    round = forms.ChoiceField(choices=Round.choices)
    expected = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class ApplyForm(forms.Form):
    kind = forms.ChoiceField(label=_("申请结论"), choices=Application.Kind.choices)
    reason = forms.CharField(label=_("申请理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(forms.Form):
    op = forms.ChoiceField(choices=[("approve", ""), ("return", ""), ("paper", ""), ("sign", "")])
    reason = forms.CharField(required=False, max_length=1000)
    version = forms.IntegerField(min_value=0)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("答辩结果或培养情况文件（.xlsx / .csv）"))
