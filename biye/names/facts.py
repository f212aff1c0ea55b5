"""The pinyin facts other sections read through core/facts.py (the 附件6 sheet's pinyin columns, R2.3):
spelling, status, how and when it was confirmed, and what is special about it (备注)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biye.core import facts
from biye.names.models import NameRecord

FIELDS = ("student_id", "spelling", "source", "reason", "confirmed_at", "method", "paper_signed_on",
          "changed_after_confirmation")


def _records(ids: Sequence[int]) -> list[dict[str, Any]]:
    return list(NameRecord.objects.filter(student_id__in=ids).values(*FIELDS))


def _status(r: dict[str, Any]) -> str:
    if not r["spelling"]:
        return _("未填报")
    if r["confirmed_at"] is None:
        return _("确认后被修改，待重新确认") if r["changed_after_confirmation"] else _("已填报，未确认")
    return _("已确认")


def spelling(ids: Sequence[int]) -> dict[int, str]:
    return {r["student_id"]: r["spelling"] for r in _records(ids) if r["spelling"]}


def status(ids: Sequence[int]) -> dict[int, str]:
    """Every asked student has a status; one without a record has not filed."""
    found = {r["student_id"]: _status(r) for r in _records(ids)}
    return {i: found.get(i, _("未填报")) for i in ids}


def confirmation_method(ids: Sequence[int]) -> dict[int, str]:
    labels = dict(NameRecord.Method.choices)
    return {r["student_id"]: str(labels[r["method"]]) for r in _records(ids) if r["confirmed_at"] and r["method"]}


def confirmed_on(ids: Sequence[int]) -> dict[int, Any]:
    """The 确认日期: the day signed for a paper confirmation, the day clicked for an online one."""
    return {
        r["student_id"]: r["paper_signed_on"] or timezone.localtime(r["confirmed_at"]).date()
        for r in _records(ids) if r["confirmed_at"]
    }


def filed_with_reason(ids: Sequence[int]) -> dict[int, str]:
    """The reason given for a spelling that is not a reading of the name (R2.2)."""
    return {r["student_id"]: r["reason"] for r in _records(ids) if r["spelling"] and r["reason"]}


def filled_by_college(ids: Sequence[int]) -> dict[int, bool]:
    return {r["student_id"]: True for r in _records(ids) if r["spelling"] and r["source"] == NameRecord.Source.COLLEGE}


def changed_after_confirmation(ids: Sequence[int]) -> dict[int, bool]:
    return {r["student_id"]: True for r in _records(ids) if r["changed_after_confirmation"]}


def register() -> None:
    facts.register("names.spelling", spelling, label=gettext_lazy("姓名拼音（全拼）"))
    facts.register("names.status", status, label=gettext_lazy("拼音状态"))
    facts.register("names.confirmation_method", confirmation_method, label=gettext_lazy("确认方式"))
    facts.register("names.confirmed_on", confirmed_on, label=gettext_lazy("确认日期"))
    facts.register("names.filed_with_reason", filed_with_reason, label=gettext_lazy("附原因填报"))
    facts.register("names.filled_by_college", filled_by_college, label=gettext_lazy("学院补全"))
    facts.register("names.changed_after_confirmation", changed_after_confirmation,
                   label=gettext_lazy("确认后被修改"))
