from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from biye.core import uploads
from biye.core.errors import ActionRefused


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("学籍名单文件（.xlsx、.xls、.csv、.txt 或学信网导出的 .dbf）"))
    campaign = forms.IntegerField(
        label=_("届别（毕业年份）"), required=False, min_value=2000, max_value=2100,
        help_text=_("不填则导入到当前届；填写如 2020，没有该届时将新建“2020届”。"),
    )

    update = forms.BooleanField(
        label=_("按学号更新已有学生（部分列）"), required=False,
        help_text=_("勾选后，文件只需“学号”和要更新的列（如培养方式、证书类型），只更新名单中已有学生的这些列；学号不在名单中时不导入。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            uploads.check_table_file(upload.name, upload.size)
        except ActionRefused as e:
            raise forms.ValidationError(e.message) from None
        return upload


class ConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", widget=forms.HiddenInput)
