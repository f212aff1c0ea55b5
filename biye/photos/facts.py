"""The photo facts other pages read through core/facts.py (the advisor's list): each student's 采集状态 as the
lists show it, and whether the photo still blocks registration (R1.6)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biye.core import concerned, facts
from biye.core.models import Student
from biye.photos.queries import REGISTRATION_BLOCKED, approved_inclusion, status_label


def status(ids: Sequence[int]) -> dict[int, str]:
    students = Student.objects.filter(pk__in=ids).select_related("photo_collection").annotate(
        photo_included=approved_inclusion())
    return {s.pk: status_label(s) if concerned.is_receiving_diploma(s) else _("单证，无需采集") for s in students}


def blocked(ids: Sequence[int]) -> dict[int, bool]:
    found = set(Student.objects.filter(REGISTRATION_BLOCKED, pk__in=ids).values_list("pk", flat=True))
    return {i: i in found for i in ids}


def register() -> None:
    facts.register("photos.status", status, label=gettext_lazy("采集状态"))
    facts.register("photos.blocked", blocked, label=gettext_lazy("未采集图像，无法学历电子注册"))
