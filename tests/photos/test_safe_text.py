"""R1.4 (issue 9): a vendor cell holding an invisible or control character is refused for its row, naming the
column (the rule itself: core.cells, tests/core/test_safe_text.py)."""

from __future__ import annotations

from biye.core.models import Campaign
from tests.conftest import at

RLO = "\u202e"


def test_R1_4_vendor_cell_with_a_bidi_override_is_refused_for_its_row_naming_the_column(people, lists):
    from biye.photos import actions
    from biye.photos.imports import parse_vendor_file
    from tests.photos.conftest import HEADERS, xlsx_file

    data = xlsx_file(HEADERS, [[lists.a1.number, f"翟志{RLO}刚", "2020-06-10 10:00", "线上"],
                               [lists.a2.number, lists.a2.name, "2020-06-10 10:00", "线上"]])
    report = actions.import_vendor_results(campaign=Campaign.current(), rows=parse_vendor_file(data, "r.xlsx"),
                                           file_name="r.xlsx", by=people.vendor, now=at(2020, 6, 11), dry_run=True)
    assert [o.row for o in report.rejected] == [2] and "「姓名」" in report.rejected[0].message
    assert "U+202E" in report.rejected[0].message
    assert [o.row for o in report.taken] == [3]
