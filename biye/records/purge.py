"""What `biye purge` (core/purge.py) removes of the records section once a campaign's retention has passed: the
evidence files (the rows stay, with their names and sizes, as part of the approvals), and the ID numbers and birth
dates that correction applications quote in their before/after."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from biye.core import purge
from biye.core.models import Campaign
from biye.core.privacy import DELETED, PERSONAL_KEYS
from biye.records.models import Correction, Evidence


def _evidence(campaign: Campaign):
    return Evidence.objects.filter(correction__student__campaign=campaign).exclude(stored_as="")


def _remove_evidence(campaign: Campaign) -> int:
    removed = 0
    for item in _evidence(campaign):
        default_storage.delete(item.stored_as)
        item.stored_as = ""
        item.save(update_fields=["stored_as"])
        removed += 1
    return removed


def _personal(correction: Correction) -> bool:
    return any(data.get(k) not in (None, "", DELETED) for data in (correction.before, correction.after)
               for k in PERSONAL_KEYS if k in data)


def _corrections(campaign: Campaign) -> list[Correction]:
    return [c for c in Correction.objects.filter(student__campaign=campaign) if _personal(c)]


def _remove_from_corrections(campaign: Campaign) -> int:
    found = _corrections(campaign)
    for c in found:
        c.before = {k: DELETED if k in PERSONAL_KEYS else v for k, v in c.before.items()}
        c.after = {k: DELETED if k in PERSONAL_KEYS else v for k, v in c.after.items()}
    Correction.objects.bulk_update(found, ["before", "after"])
    return len(found)


def register() -> None:
    purge.register(purge.Purgeable(key="records.evidence", label=_("学籍更正申请的证明材料文件"),
                                   count=lambda c: _evidence(c).count(), remove=_remove_evidence))
    purge.register(purge.Purgeable(key="records.corrections", label=_("学籍更正申请中的证件号码、出生日期"),
                                   count=lambda c: len(_corrections(c)), remove=_remove_from_corrections))
