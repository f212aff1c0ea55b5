"""Per-student facts that one section publishes and another reads, so that sections meet only in core.

The 附件6 sheet (records) shows the pinyin columns (names) without importing the names app:

    # biye/names/apps.py, in ready():
    facts.register("names.spelling", spelling_of, label=_("姓名拼音（全拼）"))
    # biye/records/exports.py:
    spelling = facts.values("names.spelling", ids)          # {student id: "Zeng Guofan", ...}

A provider takes a list of student ids (at most CHUNK at a time) and returns {student id: value} for those it
has a value for; the caller decides what a missing one means. Providers read, they never check who asks: the
caller passes ids it took from core/scoping.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Provider = Callable[[Sequence[int]], dict[int, Any]]
CHUNK = 900  # ids per call: well under every database's limit on query parameters


@dataclass(frozen=True)
class Fact:
    key: str
    provider: Provider
    label: str | Promise = ""


_FACTS: dict[str, Fact] = {}


def register(key: str, provider: Provider, *, label: str | Promise = "") -> None:
    """Publish a fact under a dotted key ("names.spelling"); registering a key again replaces it."""
    _FACTS[key] = Fact(key, provider, label)


def keys() -> list[str]:
    return sorted(_FACTS)


def label(key: str) -> str:
    return str(_get(key).label or key)


def _get(key: str) -> Fact:
    try:
        return _FACTS[key]
    except KeyError:
        raise LookupError(f"no section publishes the fact {key!r}; known: {', '.join(keys()) or 'none'}") from None


def values(key: str, student_ids: Iterable[int]) -> dict[int, Any]:
    """{student id: value} for the given students (ids without a value are left out)."""
    fact = _get(key)
    ids = list(dict.fromkeys(student_ids))
    result: dict[int, Any] = {}
    for start in range(0, len(ids), CHUNK):
        result.update(fact.provider(ids[start:start + CHUNK]))
    return result


def table(keys_: Sequence[str], student_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Several facts at once: {student id: {key: value}}, a key missing where its provider had no value."""
    ids = list(dict.fromkeys(student_ids))
    rows: dict[int, dict[str, Any]] = {i: {} for i in ids}
    for key in keys_:
        for student_id, value in values(key, ids).items():
            rows[student_id][key] = value
    return rows
