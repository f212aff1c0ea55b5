"""The record-correction fact other sections read through core/facts.py: who has a correction application
(R2.7) not yet finally decided. The 毕业报库 registration export (conclusions) leaves them out until it is."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy

from biye.core import facts
from biye.records.models import Correction


def open_correction(ids: Sequence[int]) -> dict[int, bool]:
    """{student id: True} for those with an application at the college or the Graduate School; one query."""
    rows = Correction.objects.filter(student_id__in=ids, status__in=Correction.OPEN).values_list("student_id", flat=True)
    return dict.fromkeys(rows, True)


def register() -> None:
    facts.register("records.open_correction", open_correction, label=gettext_lazy("学籍信息更正尚未办结"))
