"""What `biye purge` (core/purge.py) removes of the diplomas section once a campaign's retention has passed: the
ID numbers of the 附件9 registrations (硕博连读 study certificates). A graduate of an earlier year is entered by
hand, with no roster record whose purge would clear the number, so the registration and its audit events are
cleared here; the certificate itself (name, 学号, the master's phase, its verification code) stays."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from biye.core import purge
from biye.core.models import AuditEvent, Campaign
from biye.diplomas.models import StudyCertificate


def _registrations(campaign: Campaign):
    return StudyCertificate.objects.filter(campaign=campaign).exclude(id_number="")


def _events(campaign: Campaign) -> list[AuditEvent]:
    """Events about the campaign's registrations that name no student (the core clears those that do)."""
    ids = [str(pk) for pk in StudyCertificate.objects.filter(campaign=campaign).values_list("pk", flat=True)]
    found = AuditEvent.objects.filter(object_type=StudyCertificate._meta.label_lower, object_id__in=ids,
                                      student__isnull=True)
    return [e for e in found if purge.still_personal(e)]


def _remove(campaign: Campaign) -> int:
    events = _events(campaign)
    for event in events:
        event.before, event.after = purge.redact(event.before), purge.redact(event.after)
    AuditEvent.objects.bulk_update(events, ["before", "after"])
    return _registrations(campaign).update(id_number="")


def register() -> None:
    purge.register(purge.Purgeable(key="diplomas.study_certificates", label=_("硕博连读证明登记中的证件号码"),
                                   count=lambda c: _registrations(c).count(), remove=_remove))
