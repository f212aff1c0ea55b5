"""Input of the records pages. Forms check the shape of what was typed; whether it may be stored is the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from biye.records.imports import MAX_EVIDENCE_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class CorrectionForm(forms.Form):
    """R2.7: the new value of each field to correct (blank: as it is), the reason, and evidence files."""

    name = forms.CharField(label=_("姓名"), required=False, max_length=60)
    gender = forms.CharField(label=_("性别"), required=False, max_length=2, help_text=_("男 或 女"))
    number = forms.CharField(label=_("学号"), required=False, max_length=30)
    ethnicity = forms.CharField(label=_("民族"), required=False, max_length=20, help_text=_("如 汉族、回族"))
    birth_date = forms.CharField(label=_("出生日期"), required=False, max_length=20, help_text=_("如 1995-03-07"))
    id_number = forms.CharField(label=_("证件号码"), required=False, max_length=40)
    discipline = forms.CharField(label=_("专业代码"), required=False, max_length=10, help_text=_("如 081200"))
    level = forms.CharField(label=_("培养层次"), required=False, max_length=4, help_text=_("博士 或 硕士"))
    reason = forms.CharField(label=_("更正理由（书面申请）"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label=_("证明材料"), required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
        help_text=_("PDF、JPG 或 PNG，每个不超过 10 MB，最多 %(n)d 个；如身份证、户口本、学籍证明的扫描件或照片。") % {"n": MAX_EVIDENCE_FILES},
    )

    FIELD_NAMES = ("name", "gender", "number", "ethnicity", "birth_date", "id_number", "discipline", "level")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("同意")), ("return", _("退回"))], widget=forms.RadioSelect,
                                 label=_("审核"))
    note = forms.CharField(label=_("意见（退回时必填）"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class PaperChecksForm(forms.Form):
    signed_on = forms.DateField(label=_("签字日期"), widget=forms.DateInput(attrs={"type": "date"}))
    students = forms.TypedMultipleChoiceField(coerce=int, choices=(), required=True,
                                              error_messages={"required": _("请勾选已在纸质核对表上签字的学生。")})

    def __init__(self, *args, ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["students"].choices = [(i, i) for i in ids]


class FindingCheckForm(forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("核实情况"), max_length=300,
                           widget=forms.TextInput(attrs={"placeholder": _("如：已核对身份证原件，信息无误")}))


class DisciplineForm(forms.Form):
    code = forms.CharField(label=_("专业代码"), max_length=10)
    name_zh = forms.CharField(label=_("专业名称"), max_length=100)
    name_en = forms.CharField(label=_("英文名称"), max_length=200, widget=forms.TextInput(attrs={"size": 50}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class EnglishProposalForm(forms.Form):
    proposed_name = forms.CharField(label=_("建议的英文名称"), max_length=200, widget=forms.TextInput(attrs={"size": 50}))
    explanation = forms.CharField(label=_("情况说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("写明现在的英文名称错在哪里，依据是什么（如学位授予目录、培养方案）。"))


class EnglishDecisionForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(choices=[("accept", _("采纳")), ("reject", _("不采纳"))], widget=forms.RadioSelect,
                                 label=_("审核"))
    reason = forms.CharField(label=_("理由（不采纳时必填）"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class TableUploadForm(forms.Form):
    file = forms.FileField(label=_("英文专业名称表（附件5）：.xlsx 或 .csv，列为 专业代码、专业名称、英文名称"))


class ConfirmForm(forms.Form):
    token = forms.CharField(max_length=64, widget=forms.HiddenInput)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=60,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("专业代码、名称或英文名称")}))
    missing = forms.BooleanField(label=_("只看缺少英文名称或未列入附件5的"), required=False)
