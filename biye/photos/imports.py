"""R1.4: reading the vendor's result file (影像中心采集结果) through core.tabular.read_table (.xlsx/.xls, or .csv in
UTF-8, UTF-8 with BOM or GB18030, detected by itself).

Columns by their Chinese headers, in any order: 学号 and/or 证件号码 (at least one column), 姓名, 采集时间,
采集方式. The header row may sit below a title row or two (core.tabular looks in the first rows for it). This
module only reads and parses; actions.import_vendor_results decides what to take. A file that cannot be read,
lacks a column or has no data row raises ActionRefused and nothing is taken.

What a vendor's file may hold, as settled here:
- 学号 / 证件号码 typed as numbers (Excel shows 3120190001, a CSV may say "3120190001.0") read as the digits.
- 采集时间: an Excel date-time or date cell, or text such as 2020-06-10 14:23, 2020/6/10 14:23:05, 2020.6.10,
  2020年6月10日 14:23, 20200610; a date alone is read as 00:00 of that day; times are on the university's clock.
- 采集方式: 线上 or 影像中心, spaces anywhere ignored, "采集" after it allowed (线上采集, 影像中心采集). Anything
  else (现场, 网上 ...) is refused for that row: the window rules differ by method, so it must not be guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from biye.core import cells, tabular, uploads
from biye.core.errors import ActionRefused

NUMBER, ID_NUMBER, NAME, COLLECTED_AT, METHOD = "学号", "证件号码", "姓名", "采集时间", "采集方式"
REQUIRED = (NAME, COLLECTED_AT, METHOD)
COLUMNS = (NUMBER, ID_NUMBER, NAME, COLLECTED_AT, METHOD)
METHODS = ("线上", "影像中心")
EXTENSIONS = (".xlsx", ".xls", ".csv")
# No photo of this system's graduates was taken before 1990 or will be after 2100: a time outside is a typing
# error (a year 1 date also cannot be stored), refused for its row.
PLAUSIBLE_YEARS = (1990, 2100)


@dataclass
class VendorRow:
    row: int  # the spreadsheet's row number, as Excel shows it
    number: str
    id_number: str
    name: str
    collected_at: dt.datetime | None
    method: str
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.number or self.id_number or _("（空）")


def parse_method(value: object) -> str:
    """线上 or 影像中心 as the vendor may write it (spaces, a trailing 采集); "" for anything else."""
    try:
        text = "".join(cells.text(value).split()).removesuffix("采集")
    except cells.Bad:
        return ""
    return text if text in METHODS else ""


def parse_time(value: object) -> dt.datetime | None:
    """A collection time as the vendor may write it (core.cells.datetime), on the university's clock; None when
    it cannot be read or lies outside PLAUSIBLE_YEARS."""
    try:
        naive = cells.datetime(value)
    except cells.Bad:
        return None
    if not PLAUSIBLE_YEARS[0] <= naive.year <= PLAUSIBLE_YEARS[1]:
        return None
    return timezone.make_aware(naive, timezone.get_default_timezone())


def _read(problems: list[str], column: str, reader, value: object):
    """A cell through its reader; a cell the reader refuses becomes a problem of its row, naming the column."""
    try:
        return reader(value)
    except cells.Bad as bad:
        problems.append(f"「{column}」{bad}")
        return ""


def parse_vendor_file(data: bytes, file_name: str) -> list[VendorRow]:
    """Every non-empty row of the vendor's file, with what is wrong with its cells (not yet with the roster)."""
    uploads.check_table_file(file_name, len(data), EXTENSIONS)
    try:
        table = tabular.read_table(data, file_name, expect=COLUMNS)
    except tabular.HeaderNotFound:
        # No row looks like our header: read the first row as the header so the message below can name the
        # missing columns (an empty or unreadable file raises its own message here).
        table = tabular.read_table(data, file_name)
    headers = table.headers
    missing = [h for h in REQUIRED if h not in headers]
    if NUMBER not in headers and ID_NUMBER not in headers:
        missing.insert(0, f"{NUMBER}/{ID_NUMBER}")
    if missing:
        raise ActionRefused(
            _("文件缺少以下列：%(cols)s。表头行应写出列名：学号（或证件号码）、姓名、采集时间、采集方式。")
            % {"cols": pgettext("list separator", "、").join(missing)},
            field="file",
        )
    col = {h: headers.index(h) for h in COLUMNS if h in headers}

    def cell(r: list[object], h: str) -> object:
        i = col.get(h)
        return r[i] if i is not None and i < len(r) else None

    rows: list[VendorRow] = []
    for offset, r in table.rows:
        problems: list[str] = []
        raw_time = cell(r, COLLECTED_AT)
        row = VendorRow(
            row=offset,
            number=_read(problems, NUMBER, cells.code, cell(r, NUMBER)),
            id_number=_read(problems, ID_NUMBER, cells.code, cell(r, ID_NUMBER)).upper(),
            name=cells.person_name(_read(problems, NAME, cells.text, cell(r, NAME))),
            collected_at=parse_time(raw_time),
            method=parse_method(cell(r, METHOD)),
            problems=problems,
        )
        if not row.number and not row.id_number and not problems:
            row.problems.append(_("学号和证件号码都为空"))
        if not row.name and not any(p.startswith(f"「{NAME}」") for p in problems):
            row.problems.append(_("姓名为空"))
        if row.collected_at is None:
            try:
                cells.datetime(raw_time)
            except cells.Bad:
                problem = _("采集时间“%(v)s”无法识别，应写作 2020-06-10 14:30") % {"v": cells.shown(raw_time)}
            else:
                problem = _("采集时间“%(v)s”不合理，应在 %(a)d 年至 %(b)d 年之间") % {
                    "v": cells.shown(raw_time), "a": PLAUSIBLE_YEARS[0], "b": PLAUSIBLE_YEARS[1]}
            row.problems.append(problem)
        if not row.method:
            row.problems.append(
                _("采集方式“%(v)s”无法识别，应为“线上”或“影像中心”（可写作“线上采集”“影像中心采集”）")
                % {"v": cells.shown(cell(r, METHOD))}
            )
        rows.append(row)
    if not rows:
        raise ActionRefused(
            _("文件“%(name)s”在表头（第 %(row)d 行）之后没有数据行，没有可导入的内容。请检查是否上传了空模板。")
            % {"name": file_name, "row": table.header_row},
            field="file",
        )
    return rows
