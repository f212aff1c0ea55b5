"""Issue 7: one person-name normaliser for every import. A minority name typed with any middle-dot look-alike is
stored with "·" by the roster import (R0.2) and then matches the vendor's row (R1.4), whichever dot the vendor's
file uses. (The bug: 买买提·艾力 stored from 买买提∙艾力 was refused by the vendor import as 姓名与学籍姓名不符.)"""

from __future__ import annotations

import pytest

from biye.core.models import Campaign, Student
from biye.photos import actions
from biye.photos.imports import parse_vendor_file
from tests.conftest import at
from tests.core.test_cells import LOOKALIKE_DOTS
from tests.photos.conftest import HEADERS, xlsx_file
from tests.roster.conftest import roster_rows, run_import, to_xlsx


@pytest.mark.parametrize("dot", LOOKALIKE_DOTS)
def test_R0_2_R1_4_a_name_with_any_lookalike_dot_goes_through_the_roster_and_matches_the_vendor_row(people, dot):
    rows = roster_rows(1)
    rows[0]["姓名"] = f"买买提{dot}艾力"
    rows[0]["是否已采集图像"] = "是"  # on list B: collection is voluntary, a vendor row is taken
    assert run_import(to_xlsx(rows)).ok
    student = Student.objects.get(number=rows[0]["学号"])
    assert student.name == "买买提·艾力"
    for vendor_dot in (dot, "∙", "·"):
        vendor_file = xlsx_file(HEADERS, [[student.number, f"买买提{vendor_dot}艾力", "2020-06-10 10:00", "线上"]])
        report = actions.import_vendor_results(
            campaign=Campaign.current(), rows=parse_vendor_file(vendor_file, "结果.xlsx"), file_name="结果.xlsx",
            by=people.vendor, now=at(2020, 6, 11, 9), dry_run=True,
        )
        assert [o.row for o in report.taken] == [2], report.rejected
