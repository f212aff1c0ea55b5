from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# .txt: what Excel saves as "Unicode 文本" (UTF-16, tab-separated), which the reader understands.
ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv", ".txt")


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("学籍名单文件（.xlsx、.xls、.csv 或 .txt）"))
    campaign = forms.IntegerField(
        label=_("届别（毕业年份）"), required=False, min_value=2000, max_value=2100,
        help_text=_("不填则导入到当前届；填写如 2020，没有该届时将新建“2020届”。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(_("只接受 .xlsx、.xls、.csv 或 .txt（Excel 的“Unicode 文本”）文件，请用 Excel 另存为 .xlsx 后上传。"))
        limit = settings.BIYE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("文件太大（%(size)s），上限为 %(limit)s。") % {
                "size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
        if upload.size == 0:
            raise forms.ValidationError(_("文件是空的（0 字节），请选择填写好的学籍名单。"))
        return upload


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", widget=forms.HiddenInput)
