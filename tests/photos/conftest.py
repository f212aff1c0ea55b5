"""Photo fixtures: students on list A, list B and neither, vendor files, and a moment inside the online window
(actions take `now`; pages read the test clock of tests/conftest.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from tests.conftest import make_student

HEADERS = ["学号", "姓名", "采集时间", "采集方式"]


def xlsx_file(headers: list[str], rows: list[list[object]]) -> bytes:
    from biye.core import tabular

    buffer = io.BytesIO()
    tabular.write_xlsx(buffer, headers, rows)
    return buffer.getvalue()


def csv_file(headers: list[str], rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def read_back(data: bytes) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


@pytest.fixture
def lists(people):
    """Besides the house fixture (all enrolled 2017 with a photo): two of college A on list A, one of B on list
    A, one of A on neither list (enrolled 2019, no photo). student_a1, student_a2, student_b1 are on list B."""
    from types import SimpleNamespace

    c, a, b, d = people.campaign, people.college_a, people.college_b, people.discipline
    return SimpleNamespace(
        a1=make_student(c, a, d, name="翟志刚", photo_on_file=False, enrolled_on=dt.date(2018, 9, 1)),
        a2=make_student(c, a, d, name="查良镛", photo_on_file=False, enrolled_on=dt.date(2016, 9, 1)),
        b1=make_student(c, b, d, name="仇英", photo_on_file=False, enrolled_on=dt.date(2017, 9, 1)),
        late=make_student(c, a, d, name="解缙", photo_on_file=False, enrolled_on=dt.date(2019, 9, 1)),
    )


@pytest.fixture
def window_now(campaign, clock):
    """The clock inside the notice's online window (06-09 00:00 – 06-13 00:00), the make-up still ahead."""
    return clock(2020, 6, 11, 10)


def login(client, person):
    client.force_login(person)
    return client
