"""The blank roster (学籍名单模板) an office fills in: the exact headers the import reads, in its order."""

from __future__ import annotations

from typing import IO

import xlsxwriter

from biye.core import tabular
from biye.roster.columns import COLUMNS, OPTIONAL_HEADERS

# Columns Excel would turn into numbers, losing leading zeros (专业代码 081200) or final digits (an 18-digit
# 证件号码): the template formats them as text from the start.
TEXT_COLUMNS = ("学号", "证件号码", "学院代码", "专业代码", "导师工号", "考生号", "原结业证书编号", "手机号")


def write_template(target: IO[bytes]) -> None:
    workbook = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False})
    try:
        sheet = workbook.add_worksheet("学籍名单")
        required = workbook.add_format({"bold": True, "bg_color": "#F2DCDB"})
        optional = workbook.add_format({"bold": True})
        text = workbook.add_format({"num_format": "@"})
        for col, column in enumerate(COLUMNS):
            header = column.header
            sheet.write_string(0, col, header, optional if header in OPTIONAL_HEADERS else required)
            width = max(10, 2 * len(header) + 2)
            sheet.set_column(col, col, 20 if header == "证件号码" else width, text if header in TEXT_COLUMNS else None)
        sheet.freeze_panes(1, 0)
        if exported_by := tabular.EXPORT_FOOTER.get():
            sheet.set_footer("&L" + tabular.header_footer_text(exported_by))
    finally:
        workbook.close()
