"""Who a rule of the notice concerns, written once as query expressions on Student (and the same test for one
student already in memory, for pages and actions that hold it).

Lists, counts, checklists and actions all ask here, so that moving a line (who must be photographed, who files a
pinyin) is one edit. Each Q has its one-student twin; a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from biye.core import codes
from biye.core.models import Campaign, Student


def enrolled_by_cutoff(campaign: Campaign) -> Q:
    """附件1: enrolled in the campaign's photo cutoff year or before (2020届: 2018 and earlier)."""
    # A date bound rather than __year keeps the (campaign, …) filters index-friendly on both databases.
    return Q(enrolled_on__lt=dt.date(campaign.photo_cutoff_year + 1, 1, 1))


def is_enrolled_by_cutoff(student: Student, campaign: Campaign | None = None) -> bool:
    """enrolled_by_cutoff() for one student (of `campaign`, by default their own)."""
    return student.enrolled_on.year <= (campaign or student.campaign).photo_cutoff_year


def receives_diploma() -> Q:
    """Receives a 学历证书 (diploma), so has a pinyin name, an English certificate and a graduation conclusion:
    the 双证 graduates. (单证 graduates receive only the degree certificate.)"""
    return Q(certificate_type=codes.CertificateType.DUAL)


def is_receiving_diploma(student: Student) -> bool:
    """receives_diploma() for one student."""
    return student.certificate_type == codes.CertificateType.DUAL
