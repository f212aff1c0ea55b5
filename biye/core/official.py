"""Official forms out: the layouts a college signs and stamps (附件6, 附件8, 附件9, the sign-for sheet).

One writer for every section: a title row, the header, the rows, then the signature lines the notice asks for
(经办人：　　主管院长：　　（公章）　　日期：), filled with the names and sign-off times once the form is signed.

- .xlsx through xlsxwriter, with core/tabular's conventions (strings stay strings, never formulas), set up to
  print on A4 landscape, fit to the page width, with the header row repeated on every page.
- .pdf through fpdf2, with the header repeated on every page, page numbers, and a Chinese font embedded as a
  subset. The font is Noto Sans SC (SIL Open Font License), installed with the project's own dependencies, never
  taken from the system: a fresh machine prints the same Chinese as the server.

A section builds an OfficialForm and calls write(); several forms go into one file (one sheet, or one run of
pages, per college).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.core.tabular import Cell, _display_width, _write_cell, footer_or_current, header_footer_text

FONT_NAME = "NotoSansSC"
IDEOGRAPHIC_SPACE = "\u3000"
UNSIGNED = "\u3000" * 4  # the blank a person signs on paper


@dataclass(frozen=True)
class Signature:
    """One signature line: who signs in which capacity, and (once signed in Biye) their name and when."""

    role: str  # 经办人, 主管院长
    name: str = ""
    at: dt.datetime | None = None

    def text(self) -> str:
        if not self.name:
            return f"{self.role}：{UNSIGNED}"
        when = f"（{_local(self.at):%Y-%m-%d %H:%M}）" if self.at else ""
        return f"{self.role}：{self.name}{when}"


def default_signatures(handler: tuple[str, dt.datetime | None] | None = None,
                       dean: tuple[str, dt.datetime | None] | None = None) -> list[Signature]:
    """The notice's two signers; pass (name, signed at) for each who has signed."""
    return [Signature(_("经办人"), *(handler or ("", None))), Signature(_("主管院长"), *(dean or ("", None)))]


@dataclass
class OfficialForm:
    """One official form: e.g. title="计算机学院2020年预毕业研究生信息核对表", the notice's headers, and rows of cells
    (str, int, date …). `rows` may be a generator; it is read once. `widths` are relative column widths for the
    PDF (measured from the cells when not given). `sheet_name` names the xlsx sheet (the college, say)."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Cell]]
    signatures: Sequence[Signature] = field(default_factory=default_signatures)
    seal: bool = True
    signed_on: dt.date | None = None  # the 日期 line; the last signature's date when not given
    subtitle: str = ""  # one line under the title, e.g. "学院：计算机学院　　共 120 人"
    sheet_name: str = ""
    widths: Sequence[float] | None = None

    def signature_line(self) -> str:
        parts = [s.text() for s in self.signatures]
        if self.seal:
            parts.append(_("（公章）"))
        signed_on = self.signed_on or _last_signed_on(self.signatures)
        parts.append(_("日期：") + (f"{signed_on:%Y-%m-%d}" if signed_on else UNSIGNED))
        return (IDEOGRAPHIC_SPACE * 3).join(parts)


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _last_signed_on(signatures: Sequence[Signature]) -> dt.date | None:
    times = [s.at for s in signatures if s.at is not None]
    if not times or len(times) < len(signatures):
        return None
    return _local(max(times)).date()


def write(out: str | Path | IO[bytes], *forms: OfficialForm, suffix: str | None = None,
          footer: str | None = None) -> int:
    """Write the forms as .xlsx or .pdf, told by `suffix` or the file name. Returns the number of rows written.
    `footer` (by default who is exporting it, see core/downloads.py) is printed at the foot of every page."""
    kind = (suffix or Path(str(out)).suffix).lower()
    if kind == ".pdf":
        return write_pdf(out, *forms, footer=footer)
    if kind == ".xlsx":
        return write_xlsx(out, *forms, footer=footer)
    raise ValueError(f"official forms are written as .xlsx or .pdf, not {kind!r}")


# --- xlsx ------------------------------------------------------------------------------------------------------

_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_names(forms: Sequence[OfficialForm]) -> list[str]:
    names: list[str] = []
    for i, form in enumerate(forms, start=1):
        base = _SHEET_NAME_FORBIDDEN.sub("_", form.sheet_name or form.title or f"Sheet{i}")[:31] or f"Sheet{i}"
        name, n = base, 2
        while name.lower() in {x.lower() for x in names}:
            tail = f"({n})"
            name, n = base[: 31 - len(tail)] + tail, n + 1
        names.append(name)
    return names


def write_xlsx(out: str | Path | IO[bytes], *forms: OfficialForm, footer: str | None = None) -> int:
    """Each form on its own sheet: title (row 1), subtitle, header, rows, a blank row, the signature line;
    `footer` at the left of every printed page's foot."""
    footer = footer_or_current(footer)
    target = str(out) if isinstance(out, Path) else out
    workbook = xlsxwriter.Workbook(
        target,
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": True},
    )
    total = 0
    try:
        styles = {
            "title": workbook.add_format({"bold": True, "font_size": 16, "align": "center", "valign": "vcenter"}),
            "subtitle": workbook.add_format({"align": "left"}),
            "header": workbook.add_format(
                {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
            ),
            "sign": workbook.add_format({"align": "left", "valign": "vcenter"}),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
            "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        }
        for form, name in zip(forms, _sheet_names(forms), strict=True):
            total += _xlsx_sheet(workbook.add_worksheet(name), form, styles, footer)
        if footer:
            workbook.set_properties({"comments": footer})
    finally:
        workbook.close()
    return total


def _xlsx_sheet(sheet, form: OfficialForm, styles: dict, footer: str = "") -> int:
    last_col = max(len(form.headers) - 1, 0)
    sheet.merge_range(0, 0, 0, last_col, form.title, styles["title"])
    sheet.set_row(0, 30)
    header_row = 1
    if form.subtitle:
        sheet.merge_range(1, 0, 1, last_col, form.subtitle, styles["subtitle"])
        header_row = 2
    widths = [_display_width(h) for h in form.headers]
    for col, header in enumerate(form.headers):
        sheet.write_string(header_row, col, str(header), styles["header"])
    r = header_row
    for r, row in enumerate(form.rows, start=header_row + 1):
        for col, value in enumerate(row):
            if col < len(widths):
                widths[col] = max(widths[col], _display_width(value))
            _write_cell(sheet, r, col, value, styles["date"], styles["datetime"])
    count = r - header_row
    sign_row = r + 2
    sheet.merge_range(sign_row, 0, sign_row, last_col, form.signature_line(), styles["sign"])
    sheet.set_row(sign_row, 36)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(max(width + 2, 6), 40))
    sheet.freeze_panes(header_row + 1, 0)
    # Printing: A4 landscape, as wide as the page, as many pages long as it takes, the header on every page.
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(header_row)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_footer(("&L" + header_footer_text(footer) if footer else "") + "&C" + _("第 &P 页，共 &N 页"))
    sheet.print_area(0, 0, sign_row, last_col)
    return count


# --- PDF -------------------------------------------------------------------------------------------------------


@cache
def font_path() -> Path:
    """Noto Sans SC, shipped by a dependency (pylopdf-fonts-zh-cn): a CFF-outline OpenType font, which fpdf2
    embeds as a subset (reportlab's TrueType loader refuses CFF outlines)."""
    from pylopdf_fonts_zh_cn import sans_path

    return Path(sans_path())


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, dt.datetime):
        return f"{_local(value):%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


PAGE_WIDTH = 297 - 2 * 10  # A4 landscape less the margins, in mm
PT = 25.4 / 72  # one point in mm
_NO_LINE_START = set("，。、；：？！）》」』”’")
_WORD = re.compile(r"[!-~]+")  # a run of printable ASCII without spaces: a number, a date, a Latin word


class _Table:
    """Draws a bordered table of wrapped text row by row, repeating the header at the top of every page.

    fpdf2 has a table of its own, but it lays every cell out twice through multi_cell; this draws each line with
    text() and wraps by a per-character width cache, which writes 2,000 rows several times faster."""

    def __init__(self, pdf, headers: Sequence[str], rows: list[list[str]], widths: Sequence[float] | None,
                 font_size: float) -> None:
        self.pdf, self.font_size = pdf, font_size
        self.line_height = font_size * PT * 1.3
        self.pad_x, self.pad_y = 0.8, 0.7
        self._char_widths: dict[str, float] = {}
        pdf.set_font(FONT_NAME, size=font_size)
        self.headers = [str(h) for h in headers]
        self.widths = self._scaled(widths) if widths else self._measured(rows)

    def char_width(self, ch: str) -> float:
        width = self._char_widths.get(ch)
        if width is None:
            width = self._char_widths[ch] = self.pdf.get_string_width(ch)
        return width

    def text_width(self, text: str) -> float:
        return sum(self.char_width(ch) for ch in text)

    def _scaled(self, widths: Sequence[float]) -> list[float]:
        total = sum(widths)
        return [PAGE_WIDTH * w / total for w in widths]

    def _measured(self, rows: list[list[str]]) -> list[float]:
        """Every column as wide as its longest cell when the page allows; otherwise the widest columns share
        what is left (found by the cap that makes the sum fit), and only they wrap. A number or Latin word
        (学号, 证件号码) is never broken if it can be helped; a header wraps rather than widen its column beyond four
        characters."""
        pad = 2 * self.pad_x + 0.4
        em = self.char_width("字")
        natural, least = [], []
        for col, header in enumerate(self.headers):
            cells = [row[col] for row in rows if col < len(row) and row[col]]
            longest = max((self.text_width(c) for c in cells), default=0.0)
            word = max((self.text_width(w) for c in cells for w in _WORD.findall(c)), default=0.0)
            head = min(self.text_width(header), 4 * em)
            natural.append(max(longest, head, em * 1.2) + pad)
            least.append(min(max(word, em * 1.2) + pad, PAGE_WIDTH / 6))
        if sum(natural) <= PAGE_WIDTH:
            return self._scaled(natural)
        low, high = 0.0, max(natural)
        for _step in range(40):
            cap = (low + high) / 2
            if sum(max(m, min(w, cap)) for w, m in zip(natural, least, strict=True)) > PAGE_WIDTH:
                high = cap
            else:
                low = cap
        return self._scaled([max(m, min(w, low)) for w, m in zip(natural, least, strict=True)])

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines that fit `width`: break anywhere between Chinese characters, at a space in Latin text when the
        line has one, inside a word only when it is longer than the line."""
        width -= 2 * self.pad_x
        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for ch in paragraph:
                w = self.char_width(ch)
                if line and used + w > width:
                    cut = line.rfind(" ") if ch.isascii() and ch != " " and line[-1:].isascii() else -1
                    if cut > 0:
                        lines.append(line[:cut])
                        line = line[cut + 1:]
                    elif ch in _NO_LINE_START and len(line) > 1:  # "）" or "；" never opens a line
                        lines.append(line[:-1])
                        line = line[-1]
                    else:
                        lines.append(line)
                        line = ""
                    line = line.lstrip(" ")
                    used = self.text_width(line)
                line += ch
                used += w
            lines.append(line)
        return lines

    def _row(self, cells: Sequence[str], *, fill: bool = False, keep_with: float = 0.0) -> None:
        """One row; `keep_with` mm under it must fit on the same page (the signature block under the last row)."""
        pdf = self.pdf
        wrapped = [self.wrap(cells[i] if i < len(cells) else "", w) for i, w in enumerate(self.widths)]
        height = max(len(lines) for lines in wrapped) * self.line_height + 2 * self.pad_y
        if pdf.get_y() + height + keep_with > pdf.page_break_trigger and not fill:
            pdf.add_page()
            self._row(self.headers, fill=True)
        x, y = pdf.l_margin, pdf.get_y()
        for lines, w in zip(wrapped, self.widths, strict=True):
            pdf.rect(x, y, w, height, style="DF" if fill else "D")
            top = y + (height - len(lines) * self.line_height) / 2
            for n, line in enumerate(lines):
                baseline = top + (n + 0.78) * self.line_height
                pdf.text(x + (w - self.text_width(line)) / 2, baseline, line)
            x += w
        pdf.set_y(y + height)

    def draw(self, rows: list[list[str]], *, keep_with_last: float = 0.0) -> None:
        self.pdf.set_font(FONT_NAME, size=self.font_size)
        self.pdf.set_fill_color(230, 230, 230)
        self.pdf.set_line_width(0.2)
        self._row(self.headers, fill=True)
        for n, row in enumerate(rows, start=1):
            self._row(row, keep_with=keep_with_last if n == len(rows) else 0.0)


def _new_pdf():
    from fpdf import FPDF

    class _FormPDF(FPDF):
        footer_title = ""
        exported_by = ""

        def footer(self) -> None:
            self.set_y(-10)
            self.set_font(FONT_NAME, size=8)
            if self.exported_by:
                self.cell(0, 5, self.exported_by, align="L")
                self.set_x(self.l_margin)
            self.cell(0, 5, f"{self.footer_title}　　" + _("第 %(page)s 页，共 %(pages)s 页") % {
                "page": self.page_no(), "pages": "{nb}"}, align="C")

    pdf = _FormPDF(orientation="L", unit="mm", format="A4")
    pdf.set_margins(10, 10, 10)
    pdf.set_auto_page_break(True, margin=14)
    pdf.add_font(FONT_NAME, fname=str(font_path()))
    pdf.set_creator("Biye")
    return pdf


def write_pdf(out: str | Path | IO[bytes], *forms: OfficialForm, font_size: float = 8,
              footer: str | None = None) -> int:
    """Each form from a new page: title, subtitle, a table whose header repeats on every page, the signature
    line under it (with at least the last row when it does not fit), page numbers at the foot of every page."""
    pdf = _new_pdf()
    pdf.exported_by = footer_or_current(footer)
    total = 0
    for form in forms:
        rows = [[_cell_text(v) for v in row] for row in form.rows]
        total += len(rows)
        pdf.add_page()  # draws the footer of the page before, with the title of its own form
        pdf.footer_title = form.title
        pdf.set_font(FONT_NAME, size=15)
        pdf.cell(0, 9, form.title, align="C", new_x="LMARGIN", new_y="NEXT")
        if form.subtitle:
            pdf.set_font(FONT_NAME, size=9)
            pdf.cell(0, 6, form.subtitle, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font(FONT_NAME, size=font_size)
        # The signatures sign these rows: never a page with the signature block alone, the last row goes with it.
        _Table(pdf, form.headers, rows, form.widths, font_size).draw(rows, keep_with_last=6 + 12)
        pdf.ln(6)
        if pdf.will_page_break(12):
            pdf.add_page()
        pdf.set_font(FONT_NAME, size=10)
        pdf.multi_cell(0, 6, form.signature_line(), new_x="LMARGIN", new_y="NEXT")
    if not forms:
        pdf.add_page()
    data = bytes(pdf.output())
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    return total


def pdf_bytes(*forms: OfficialForm) -> bytes:
    buffer = io.BytesIO()
    write_pdf(buffer, *forms)
    return buffer.getvalue()
