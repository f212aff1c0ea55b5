"""What diplomas reads from the conclusions section, through core only (sections never import each other).

Facts (core/facts.py) the conclusions section publishes:
    "conclusions.accepted"   {student id: {"conclusion": "毕业"|"结业"|"肄业"|"结业转毕业", "round": "summer"|"autumn",
                              "accepted_at": datetime}} — conclusions the Graduate School has accepted
    "conclusions.submitted"  {student id: "毕业"|…} — conclusions a college has submitted this campaign (accepted
                              or not yet), for the study-certificate eligibility (R4.5)
    "conclusions.jieye_certificate"  {student id: {"number": "…18 digits…", "year": 2019}} — the roster's
                              原结业证书编号 and 原结业年份 of a 结业转毕业 candidate
and core/signals.submission_accepted, sent when the Graduate School accepts a 附件8 (R4.6 numbers follow it).

Until a section publishes a key, it reads as empty (nobody has a conclusion), so the diplomas pages work on a
university that has not yet switched the conclusions on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from biye.core import facts

ACCEPTED = "conclusions.accepted"
SUBMITTED = "conclusions.submitted"
JIEYE_CERTIFICATE = "conclusions.jieye_certificate"

GRADUATED = "毕业"
COMPLETED = "结业"
WITHDREW = "肄业"
CONVERTED = "结业转毕业"
CONCLUSIONS = (GRADUATED, COMPLETED, WITHDREW, CONVERTED)


def read(key: str, student_ids: Iterable[int]) -> dict[int, Any]:
    if key not in facts.keys():
        return {}
    return facts.values(key, student_ids)


def accepted(student_ids: Iterable[int]) -> dict[int, str]:
    """{student id: accepted conclusion}."""
    return {sid: v["conclusion"] for sid, v in read(ACCEPTED, student_ids).items() if v and v.get("conclusion")}


def submitted(student_ids: Iterable[int]) -> dict[int, str]:
    return {sid: v for sid, v in read(SUBMITTED, student_ids).items() if v}


def jieye_certificates(student_ids: Iterable[int]) -> dict[int, dict]:
    return {sid: v for sid, v in read(JIEYE_CERTIFICATE, student_ids).items() if v and v.get("number")}
