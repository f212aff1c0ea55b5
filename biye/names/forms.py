"""Input of the pinyin pages. Forms check the shape of what was typed; whether it may be stored is the actions'."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from biye.core.forms import PlausibleDateField, SafeCharField

from biye.names.queries import STATUSES, Chooser

# Letters (ü and other Latin letters with marks included), spaces, apostrophes, hyphens; v and "u:" are
# accepted as ways of typing ü, which the check understands.
_SPELLING = re.compile(r"^[^\W\d_]+(?:[ '’\-:]*[^\W\d_]+)*:?$")
# Every block of Chinese characters, the supplementary planes included (𠮷 is a letter to a regex too).
_HAN = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def _clean_spelling(value: str) -> str:
    value = " ".join(value.split()).replace("’", "'")
    if _HAN.search(value) or not _SPELLING.match(value):
        raise forms.ValidationError(_("姓名拼音只能包含字母、空格、隔音符号（'）和连字符（-），例如 Ouyang Xiu、Xi'an。"))
    return value


class SpellingForm(forms.Form):
    """The spelling, a reason when it is not a reading of the name, and the version the person saw."""

    spelling = SafeCharField(
        label=_("姓名拼音（全拼）"),
        max_length=120,
        widget=forms.TextInput(attrs={"id": "pinyin-spelling", "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("姓和名之间空一格，姓、名首字母大写，例如 Ouyang Xiu、Zeng Guofan。"),
    )
    reason = SafeCharField(
        label=_("原因说明"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"id": "pinyin-reason", "rows": 2}),
        help_text=_("仅当拼音不是姓名的读音、或不按证书格式书写时填写，例如与护照上的写法保持一致。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, passport: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if passport:  # 留学生: the diploma name is the name on the passport, not a pinyin
            self.fields["spelling"].label = _("护照上的英文姓名")
            self.fields["spelling"].help_text = _("与护照个人资料页上的写法一致（字母、顺序、空格），例如 NGUYEN VAN AN。")
            self.fields["reason"].help_text = _("留学生按护照填写，一般无需填写原因。")

    def clean_spelling(self) -> str:
        return _clean_spelling(self.cleaned_data["spelling"])


class ChoiceForm(forms.Form):
    """Without script: the readings chosen per character (char-<index>), turned into a spelling on the server."""

    def __init__(self, *args, chooser: Chooser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.chooser = chooser
        for c in chooser.chars:
            self.fields[c.field_name] = forms.ChoiceField(
                choices=[(r, r) for r in c.readings], required=False, label=c.char
            )

    def chosen(self) -> dict[int, str]:
        return {c.index: self.cleaned_data.get(c.field_name) or c.readings[0] for c in self.chooser.chars}


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class PaperForm(forms.Form):
    signed_on = PlausibleDateField(
        label=_("签字日期"), widget=forms.DateInput(attrs={"type": "date", "id": "paper-signed-on"}, format="%Y-%m-%d")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *((key, label) for key, (label, _q) in STATUSES.items()), ("risk", _("有风险"))],
    )
    q = SafeCharField(
        label=_("搜索"), required=False, max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("学号或姓名")}),
    )


class BulkPaperForm(forms.Form):
    """R2.5: paper signatures for the ticked students, one date. Each tick carries "id:version", so a spelling
    changed since the page was shown is refused rather than confirmed unseen."""

    signed_on = forms.DateField(
        label=_("签字日期"), widget=forms.DateInput(attrs={"type": "date", "id": "bulk-signed-on"}, format="%Y-%m-%d")
    )
    students = forms.CharField(required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, data=None, *args, **kwargs) -> None:
        super().__init__(data, *args, **kwargs)
        self.ticked = data.getlist("students") if data is not None and hasattr(data, "getlist") else []

    def clean_students(self) -> dict[int, int]:
        wanted: dict[int, int] = {}
        for value in self.ticked:
            pk, _sep, version = value.partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise forms.ValidationError(_("勾选的学生有误，请刷新页面后重试。"))
            wanted[int(pk)] = int(version)
        if not wanted:
            raise forms.ValidationError(_("请先勾选已签字的学生。"))
        return wanted
