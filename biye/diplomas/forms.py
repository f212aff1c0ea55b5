from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from biye.diplomas.models import Method


class PlanForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("发放时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    place = forms.CharField(label=_("发放地点"), max_length=200)
    methods = forms.MultipleChoiceField(label=_("领取方式"), choices=Method.choices, widget=forms.CheckboxSelectMultiple,
                                        required=False)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CertificateForm(forms.Form):
    """Which certificate a button acts on (looked up again within the person's scope)."""

    certificate = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class HandOverForm(CertificateForm):
    method = forms.ChoiceField(label=_("领取方式"), choices=Method.choices)
    receiver = forms.CharField(label=_("领取人（代领人）"), max_length=60, required=False)
    authorisation = forms.CharField(label=_("授权书"), max_length=200, required=False)
    tracking_number = forms.CharField(label=_("快递单号"), max_length=40, required=False)


class ReprintForm(CertificateForm):
    reason = forms.CharField(label=_("原因"), max_length=300)


class JieyeReturnForm(forms.Form):
    student_number = forms.CharField(label=_("学号"), max_length=30)
    number = forms.CharField(label=_("交回的结业证书编号"), max_length=18)


class StudyForm(forms.Form):
    number = forms.CharField(label=_("学号"), max_length=30)
    name = forms.CharField(label=_("姓名（往届生填写）"), max_length=60, required=False)
    gender = forms.ChoiceField(label=_("性别（往届生填写）"), choices=[("", "—"), ("男", "男"), ("女", "女")], required=False)
    id_number = forms.CharField(label=_("证件号码（往届生填写）"), max_length=40, required=False)
    master_number = forms.CharField(label=_("硕士阶段学号"), max_length=30)
    master_discipline = forms.CharField(label=_("硕士阶段专业"), max_length=100)
    master_from = forms.DateField(label=_("硕士阶段起始"), widget=forms.DateInput(attrs={"type": "date"}))
    master_to = forms.DateField(label=_("硕士阶段截止"), widget=forms.DateInput(attrs={"type": "date"}))
    to_phd_on = forms.DateField(label=_("转博时间"), widget=forms.DateInput(attrs={"type": "date"}))
    finished_on = forms.DateField(label=_("毕（结）业时间"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class IssueForm(forms.Form):
    request = forms.IntegerField(widget=forms.HiddenInput)
