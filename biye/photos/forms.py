from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biye.core.forms import PlausibleDateField, SafeCharField


class ListFilterForm(forms.Form):
    college = SafeCharField(label=_("学院"), required=False)
    q = SafeCharField(
        label=_("搜索"), required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": _("学号或姓名")})
    )


class VendorUploadForm(forms.Form):
    file = forms.FileField(label=_("采集结果文件（.xlsx 或 .csv）"),
                           help_text=_("列：学号（或证件号码）、姓名、采集时间、采集方式（线上 / 影像中心）。"))
    reason = SafeCharField(
        label=_("截止后补录原因（仅研究生院）"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("填写后，晚于最晚补采集时间或不在线上采集时段内的记录也会导入，原因记入操作记录。"),
    )


class PaperPhotoForm(forms.Form):
    received_on = PlausibleDateField(label=_("收到纸质照片日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = SafeCharField(
        label=_("截止后补录原因（仅研究生院）"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate().isoformat())


class InclusionRequestForm(forms.Form):
    reason = SafeCharField(label=_("申请理由"), widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("说明该学生的情况，例如入学时未采集图像。"))


class InclusionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("批准列入")), ("reject", _("不批准"))])
    note = SafeCharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
