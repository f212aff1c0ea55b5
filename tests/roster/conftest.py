"""Roster files for the tests, built from the synthetic roster generator."""

from __future__ import annotations

import csv
import io

import pytest

from biye.core import tabular
from biye.demo import synthetic
from biye.demo.synthetic import ROSTER_HEADERS


def roster_rows(n: int = 3, **kwargs) -> list[dict]:
    return list(synthetic.generate_rows(n, **kwargs))


def to_xlsx(rows: list[dict], headers=ROSTER_HEADERS) -> bytes:
    buffer = io.BytesIO()
    tabular.write_xlsx(buffer, list(headers), ([r.get(h, "") for h in headers] for r in rows))
    return buffer.getvalue()


def to_csv(rows: list[dict], encoding: str = "utf-8", headers=ROSTER_HEADERS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r[h].isoformat() if hasattr(r.get(h), "isoformat") else r.get(h, "") for h in headers])
    return out.getvalue().encode(encoding)


def run_import(data: bytes, filename: str = "roster.xlsx", *, year: int | None = 2020, by=None, dry_run: bool = False):
    """Import as `by`, or as the command line does (the system actor)."""
    from biye.core.actions import system_actor
    from biye.roster.actions import import_roster

    return import_roster(data=data, filename=filename, campaign_year=year, by=by or system_actor(), dry_run=dry_run)


@pytest.fixture
def gs(db):
    from biye.core.models import Role
    from tests.conftest import make_person

    return make_person("gs_roster", (Role.GRADUATE_SCHOOL, None), display_name="研究生院老师")
