"""Fixtures of the pinyin tests: a clock the server reads (Asia/Shanghai moments of the 2020 campaign)."""

from __future__ import annotations

import pytest

from tests.conftest import at


@pytest.fixture
def clock(monkeypatch):
    """Set the server's time: `clock(2020, 6, 12, 23, 59, 59)`. Calendar checks and audit times follow it."""
    from django.utils import timezone

    def set_time(*parts: int):
        moment = at(*parts)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    set_time(2020, 6, 10, 9)
    return set_time
