"""What every import reports: its rows' errors (row, column, value, problem), bounded, and the report that the
upload page shows after a dry run or an import. Sections extend `ImportReport` with what they count."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _


@dataclass
class RowError:
    """One problem of a file: the spreadsheet's row number (None: the file as a whole), the column's header, the
    value as the file had it (shortened, see cells.shown), and what is wrong and what would be right."""

    row: int | None
    column: str
    value: str
    problem: str

    def __str__(self) -> str:
        where = _("第%(row)d行") % {"row": self.row} if self.row else _("文件")
        column = f"「{self.column}」" if self.column else ""
        return f"{where}{column}：{self.problem}"


class Errors(list):
    """A list of RowError that keeps the first BIYE_IMPORT_MAX_ERRORS and only counts the rest: a file with a
    million bad rows gets a report a person can read, not one of a million lines."""

    def __init__(self, items: Iterable[RowError] = (), *, limit: int | None = None) -> None:
        super().__init__()
        self.limit = settings.BIYE_IMPORT_MAX_ERRORS if limit is None else limit
        self.more = 0
        self.extend(items)

    def append(self, error: RowError) -> None:
        if len(self) < self.limit:
            super().append(error)
        else:
            self.more += 1

    def extend(self, errors: Iterable[RowError]) -> None:
        for error in errors:
            self.append(error)

    @property
    def full(self) -> bool:
        return len(self) >= self.limit

    @property
    def total(self) -> int:
        return len(self) + self.more

    def more_line(self) -> str:
        return _("以及另外 %(n)d 处错误（未逐一列出）。") % {"n": self.more} if self.more else ""


@dataclass
class Parsed:
    """What reading a file gave: its checked rows (none at all when there is one error) and its errors. A section
    extends it with what else its reading learns."""

    rows: list = field(default_factory=list)
    errors: Errors = field(default_factory=Errors)


@dataclass
class ImportReport:
    """What an import did, or (dry run) would do; `errors` refuse the file (or, where the section says so, the
    rows they name)."""

    file_name: str
    dry_run: bool
    errors: Errors = field(default_factory=Errors)

    @property
    def ok(self) -> bool:
        return not self.errors
