"""Diplomas tests: a stand-in for the conclusions section (which diplomas never imports), publishing the facts
diplomas reads (biye/diplomas/contracts.py) from plain dicts a test fills in."""

from __future__ import annotations

import pytest

from biye.core import facts
from biye.diplomas import contracts


class FakeConclusions:
    def __init__(self):
        self.accepted: dict[int, str] = {}
        self.submitted: dict[int, str] = {}
        self.jieye: dict[int, dict] = {}

    def accept(self, *students, conclusion: str = "毕业"):
        for s in students:
            self.accepted[s.pk] = conclusion
            self.submitted[s.pk] = conclusion

    def _accepted(self, ids):
        return {i: {"conclusion": self.accepted[i], "round": "summer", "accepted_at": None} for i in ids if i in self.accepted}

    def _submitted(self, ids):
        return {i: self.submitted[i] for i in ids if i in self.submitted}

    def _jieye(self, ids):
        return {i: self.jieye[i] for i in ids if i in self.jieye}


@pytest.fixture
def conclusions(monkeypatch):
    from biye.core import submissions

    # The stand-in replaces the conclusions section, its readiness check of 附件8 included (every listed graduate
    # has a conclusion: tested in tests/conclusions).
    for kind in ("conclusions_summer", "conclusions_autumn"):
        monkeypatch.delitem(submissions._CHECKS, kind, raising=False)
    saved = dict(facts._FACTS)
    fake = FakeConclusions()
    facts.register(contracts.ACCEPTED, fake._accepted)
    facts.register(contracts.SUBMITTED, fake._submitted)
    facts.register(contracts.JIEYE_CERTIFICATE, fake._jieye)
    yield fake
    facts._FACTS.clear()
    facts._FACTS.update(saved)


def accept_conclusions(campaign, college, people, dean, handler, kind="conclusions_summer"):
    """The college submits its 附件8, the dean signs it, the Graduate School accepts it (core/submissions.py)."""
    from biye.core import submissions

    s = submissions.submit(campaign=campaign, college=college, kind=kind, by=handler, version=None)
    s = submissions.sign_off(submission=s, by=dean, version=None)
    return submissions.accept(submission=s, by=people.gs, version=None)
