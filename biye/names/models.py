"""R2.1, R2.5, R2.6, R2.8: the diploma spelling of one student's name and how it was confirmed.

The row is created the first time anyone files a spelling for the student; until then the student has an empty
pinyin (R2.6: 字段为空).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from biye.core.models import Person, Student


class NameRecord(models.Model):
    """姓名拼音（全拼）: what was filed, by whom, why it differs from the name if it does, and its confirmation."""

    class Source(models.TextChoices):
        STUDENT = "student", _("本人填报")
        COLLEGE = "college", _("学院补全")

    class Method(models.TextChoices):
        ONLINE = "online", _("本人网上确认")
        PAPER = "paper", _("纸质签字确认")

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="name_record")
    spelling = models.CharField(_("姓名拼音（全拼）"), max_length=120, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source, blank=True)
    # Why a spelling that is not a reading of the Chinese name was filed anyway, and where it differs:
    # both are shown to the college and the Graduate School (R2.2, R2.8).
    reason = models.TextField(_("原因说明"), blank=True)
    mismatch = models.TextField(_("与姓名读音不符之处"), blank=True)
    filed_at = models.DateTimeField(_("填报时间"), null=True, blank=True)
    filed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # The student for an online click; the college person who recorded a paper signature.
    confirmed_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    method = models.CharField(_("确认方式"), max_length=10, choices=Method, blank=True)
    paper_signed_on = models.DateField(_("签字日期"), null=True, blank=True)
    # Set when a confirmed spelling is changed; cleared by the next confirmation (R2.8 risk).
    changed_after_confirmation = models.BooleanField(_("确认后被修改"), default=False)
    version = models.PositiveIntegerField(default=0)  # 0: nothing filed yet

    class Meta:
        verbose_name = _("姓名拼音")

    def __str__(self) -> str:
        return f"{self.student.number} {self.student.name} {self.spelling}".strip()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def set_spelling(self, *, spelling: str, source: str, reason: str, mismatch: str, by: Person, at: dt.datetime) -> None:
        """A new spelling; a confirmed one that changes loses its confirmation and is flagged until re-confirmed."""
        if self.confirmed_at is not None and spelling != self.spelling:
            self.changed_after_confirmation = True
            self._clear_confirmation()
        self.spelling, self.source, self.reason, self.mismatch = spelling, source, reason, mismatch
        self.filed_at, self.filed_by = at, by
        self.version += 1

    def confirm(self, *, method: str, by: Person, at: dt.datetime, signed_on: dt.date | None = None) -> None:
        self.confirmed_at, self.confirmed_by, self.method = at, by, method
        self.paper_signed_on = signed_on if method == self.Method.PAPER else None
        self.changed_after_confirmation = False
        self.version += 1

    def _clear_confirmation(self) -> None:
        self.confirmed_at, self.confirmed_by, self.method, self.paper_signed_on = None, None, "", None
