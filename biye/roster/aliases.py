"""R0.2: the other names a roster column goes by, as one table with where each name comes from.

A Graduate School exports its roster from its own 研究生管理系统 and from 学信网's 学籍数据; neither writes Biye's
template headers. `HEADER_ALIASES` lists, for each of Biye's columns (columns.COLUMNS, by header), the headers those
files use; `VALUE_ALIASES` the few values a code file writes otherwise than Biye's code tables. The upload page and
docs/roster-columns.md show both tables as they are here.

To recognise one more header: add a row (file's header, Biye's header, source) to HEADER_ALIASES. To add a column to
the roster itself, see columns.COLUMNS (and RosterRow); its aliases then go here.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

from biye.core import cells, codes
from biye.core.cells import Bad

CAMPUS = _("研究生管理系统导出的常见列名")
XUEXIN = _("学信网学籍数据的字段代码")
XUEXIN_VALUE = _("学信网学籍数据中的写法")
DBF_SHORT = _("dBase 表的字段名不超过10字节（5个汉字）时的简写")
GB_2261 = _("GB/T 2261.1 人的性别代码（1 男，2 女）")
GB_3304 = _("GB/T 3304 民族代码（01 汉族 … 56 基诺族，97 其他，98 外国血统中国籍人士）")

# GB/T 3304's two-digit codes, in the order of codes.ETHNICITIES (the standard's): 01-56, then 97 and 98.
ETHNICITY_CODES: dict[Any, str] = {
    f"{n:02d}": name for n, name in zip([*range(1, 57), 97, 98], codes.ETHNICITIES, strict=True)}


class HeaderAlias(NamedTuple):
    header: str  # as a file writes it (letter codes in any case)
    column: str  # Biye's header (columns.COLUMNS)
    source: Any
    reads: Any = ""  # how the cell is read, when otherwise than the column's own way


HEADER_ALIASES: tuple[HeaderAlias, ...] = (
    HeaderAlias("XH", "学号", XUEXIN),
    HeaderAlias("XM", "姓名", XUEXIN),
    HeaderAlias("XB", "性别", XUEXIN),
    HeaderAlias("MZ", "民族", XUEXIN),
    HeaderAlias("CSRQ", "出生日期", XUEXIN, _("日期，如 19980105（YYYYMMDD）")),
    HeaderAlias("SFZH", "证件号码", XUEXIN),
    HeaderAlias("身份证号", "证件号码", CAMPUS),
    HeaderAlias("身份证件号", "证件号码", CAMPUS),
    HeaderAlias("身份证号码", "证件号码", CAMPUS),
    HeaderAlias("证件号", "证件号码", CAMPUS),
    HeaderAlias("FY", "学院名称", XUEXIN),
    HeaderAlias("分院", "学院名称", CAMPUS),
    HeaderAlias("院系", "学院名称", CAMPUS),
    HeaderAlias("学院", "学院名称", CAMPUS),
    HeaderAlias("院系名称", "学院名称", CAMPUS),
    HeaderAlias("院系代码", "学院代码", CAMPUS),
    HeaderAlias("ZYDM", "专业代码", XUEXIN),
    HeaderAlias("ZYMC", "专业名称", XUEXIN),
    HeaderAlias("专业", "专业名称", CAMPUS),
    HeaderAlias("CC", "培养层次", XUEXIN, _("博士研究生/硕士研究生 读作 博士/硕士")),
    HeaderAlias("层次", "培养层次", CAMPUS),
    HeaderAlias("学历层次", "培养层次", CAMPUS),
    HeaderAlias("XXXS", "学习形式", XUEXIN),
    HeaderAlias("XZ", "学制", XUEXIN),
    HeaderAlias("RXRQ", "入学日期", XUEXIN, _("日期，如 20170901（YYYYMMDD）")),
    HeaderAlias("入学时间", "入学日期", CAMPUS),
    HeaderAlias("YJBYRQ", "预计毕业", XUEXIN, _("日期，读作届别：1–8月为夏季，9–12月为秋季")),
    HeaderAlias("预计毕业日期", "预计毕业", CAMPUS, _("日期，读作届别：1–8月为夏季，9–12月为秋季")),
    HeaderAlias("预计毕业时间", "预计毕业", CAMPUS, _("日期，读作届别：1–8月为夏季，9–12月为秋季")),
    HeaderAlias("留学生", "是否留学生", DBF_SHORT),
    HeaderAlias("最长年限", "最长学习年限", DBF_SHORT),
    HeaderAlias("硕博连读", "是否硕博连读", DBF_SHORT),
    HeaderAlias("已采集图像", "是否已采集图像", DBF_SHORT),
    HeaderAlias("导师", "导师姓名", CAMPUS),
    HeaderAlias("导师职工号", "导师工号", CAMPUS),
    HeaderAlias("KSH", "考生号", XUEXIN),
    HeaderAlias("原结业证号", "原结业证书编号", CAMPUS),
    HeaderAlias("邮箱", "电子邮箱", CAMPUS),
    HeaderAlias("手机", "手机号", CAMPUS),
    HeaderAlias("联系电话", "手机号", CAMPUS),
)

# Values a file writes otherwise, by Biye's header: file's value -> Biye's value, with the source of the convention.
VALUE_ALIASES: dict[str, tuple[dict[Any, str], Any]] = {
    "培养层次": ({"博士研究生": "博士", "硕士研究生": "硕士"}, XUEXIN_VALUE),
    "性别": ({"1": "男", "2": "女", 1: "男", 2: "女", 1.0: "男", 2.0: "女"}, GB_2261),
    "学习形式": ({"普通全日制": "全日制"}, XUEXIN_VALUE),
    "民族": (ETHNICITY_CODES, GB_3304),
}

# Aliases whose cells are dates read as the term (预计毕业 夏季/秋季).
_TERM_FROM_DATE = frozenset({"YJBYRQ", "预计毕业日期", "预计毕业时间"})


def key(header: str) -> str:
    """Letter codes are matched whatever their case (学信网 writes them upper case, some tools lower)."""
    return header.upper() if header.isascii() else header


ALIAS_BY_KEY: dict[str, HeaderAlias] = {key(a.header): a for a in HEADER_ALIASES}
assert len(ALIAS_BY_KEY) == len(HEADER_ALIASES), "an alias names one column"


def term_of(cell: Any) -> Any:
    """A date as the term it ends: 1–8月 夏季, 9–12月 秋季. A cell that is not a date is given back as it is
    (already a term, or wrong: the column's own check then says what is right)."""
    if cell in codes.Term.values:
        return cell
    try:
        day = cells.date(cell)
    except Bad:
        return cell
    return codes.Term.SUMMER.value if day.month <= 8 else codes.Term.AUTUMN.value


def converter(header: str, column: str):
    """How the cells under a file's header become what the column reads, or None when they need nothing."""
    steps = []
    if key(header) in {key(h) for h in _TERM_FROM_DATE}:
        steps.append(term_of)
    if column in VALUE_ALIASES:
        table = VALUE_ALIASES[column][0]

        def mapped(cell: Any) -> Any:
            if cell.__class__ is str:
                cell = cell.strip()
            try:
                return table.get(cell, cell)
            except TypeError:  # an unhashable cell cannot be a code
                return cell

        steps.append(mapped)
    if not steps:
        return None
    if len(steps) == 1:
        return steps[0]
    first, second = steps

    def both(cell: Any) -> Any:
        return second(first(cell))

    return both


def rows_for_display() -> list[tuple[str, str, str, str]]:
    """(file's header, Biye's column, how it is read, source) for the docs and the upload page."""
    return [(a.header, a.column, str(a.reads), str(a.source)) for a in HEADER_ALIASES]


def value_rows_for_display() -> list[tuple[str, str, str, str]]:
    out = []
    for column, (table, source) in VALUE_ALIASES.items():
        if table is ETHNICITY_CODES:  # 58 rows: one line says it
            out.append((column, "01–56、97、98", str(_("按代码表读作民族名称")), str(source)))
            continue
        for given, value in table.items():
            if isinstance(given, str):
                out.append((column, given, value, str(source)))
    return out

