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

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from biye.core import tabular
from biye.core.errors import ActionRefused

NUMBER, ID_NUMBER, NAME, COLLECTED_AT, METHOD = "学号", "证件号码", "姓名", "采集时间", "采集方式"
REQUIRED = (NAME, COLLECTED_AT, METHOD)
COLUMNS = (NUMBER, ID_NUMBER, NAME, COLLECTED_AT, METHOD)
METHODS = ("线上", "影像中心")
EXTENSIONS = (".xlsx", ".xls", ".csv")


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


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a student number typed as a number
    return str(value).strip()


def _code_text(value: object) -> str:
    """学号 or 证件号码: a number that went through a CSV as "3120190001.0" is still 3120190001."""
    text = "".join(_cell_text(value).split())
    digits, dot, zeros = text.partition(".")
    if dot and digits.isdigit() and zeros and set(zeros) == {"0"}:
        return digits
    return text


def parse_method(value: object) -> str:
    """线上 or 影像中心 as the vendor may write it (spaces, a trailing 采集); "" for anything else."""
    text = "".join(_cell_text(value).split()).removesuffix("采集")
    return text if text in METHODS else ""


def check_upload(data: bytes, file_name: str) -> None:
    """Size and type of an uploaded result file; the content is checked by core.tabular.read_table."""
    if not file_name.lower().endswith(EXTENSIONS):
        raise ActionRefused(_("请上传 .xlsx、.xls 或 .csv 文件。"), field="file")
    if len(data) > settings.BIYE_MAX_UPLOAD_BYTES:
        raise ActionRefused(_("文件太大（超过 %(mb)d MB）。") % {"mb": settings.BIYE_MAX_UPLOAD_BYTES // 2**20},
                            field="file")


_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y%m%d%H%M%S", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M",
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日",
)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def parse_time(value: object) -> dt.datetime | None:
    """A collection time as the vendor may write it; naive times are on the university's clock."""
    if isinstance(value, dt.datetime):
        naive = value.replace(tzinfo=None) if value.tzinfo else value
    elif isinstance(value, dt.date):
        naive = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, int | float) and not isinstance(value, bool) and 20000 < value < 80000:
        naive = _EXCEL_EPOCH + dt.timedelta(days=float(value))  # an Excel serial date in a CSV
    else:
        text = " ".join(str(value or "").replace("T", " ").split())
        for fmt in _FORMATS:
            try:
                naive = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        else:
            return None
    return timezone.make_aware(naive.replace(microsecond=0), timezone.get_default_timezone())


def parse_vendor_file(data: bytes, file_name: str) -> list[VendorRow]:
    """Every non-empty row of the vendor's file, with what is wrong with its cells (not yet with the roster)."""
    check_upload(data, file_name)
    try:
        table = tabular.read_table(data, file_name, expect=COLUMNS)
    except ActionRefused:
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
        raw_time = cell(r, COLLECTED_AT)
        row = VendorRow(
            row=offset,
            number=_code_text(cell(r, NUMBER)),
            id_number=_code_text(cell(r, ID_NUMBER)).upper(),
            name=_cell_text(cell(r, NAME)),
            collected_at=parse_time(raw_time),
            method=parse_method(cell(r, METHOD)),
        )
        if not row.number and not row.id_number:
            row.problems.append(_("学号和证件号码都为空"))
        if not row.name:
            row.problems.append(_("姓名为空"))
        if row.collected_at is None:
            row.problems.append(
                _("采集时间“%(v)s”无法识别，应写作 2020-06-10 14:30") % {"v": _cell_text(raw_time)}
            )
        if not row.method:
            row.problems.append(
                _("采集方式“%(v)s”无法识别，应为“线上”或“影像中心”（可写作“线上采集”“影像中心采集”）")
                % {"v": _cell_text(cell(r, METHOD))}
            )
        rows.append(row)
    if not rows:
        raise ActionRefused(
            _("文件“%(name)s”在表头（第 %(row)d 行）之后没有数据行，没有可导入的内容。请检查是否上传了空模板。")
            % {"name": file_name, "row": table.header_row},
            field="file",
        )
    return rows
