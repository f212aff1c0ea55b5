"""R2.2: `biye romanize [--style gb|passport] [NAME ...]`, the proposed diploma spelling of each name.

Prints exactly one line per input name, `NAME<TAB>SPELLING`, in input order, so the output can be pasted back
beside the column it came from. With no NAME it reads one name per line from standard input, in UTF-8 (with or
without BOM) or GB18030/GBK, as Excel on Chinese Windows saves text.

- NAME is the input with the whitespace around it removed (ASCII and full-width spaces, tabs, CR); a tab or line
  break inside an argument becomes a space, so that every output line has exactly one tab.
- A blank input line gives a line with nothing on either side of the tab: it is not an error, a blank cell in
  a column stays a blank cell.
- A name that cannot be romanised (a character pypinyin has no reading for, a digit ...) gives `NAME<TAB>`
  with an empty spelling, and a message on standard error naming its line number; after every line has been
  printed the command exits with status 1.
"""

from __future__ import annotations

import re
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from biye.core import cells
from biye.core.errors import ActionRefused
from biye.core.tabular import decode_text
from biye.names.romanize import STYLES, RomanizeError, suggest

# Anything that would break the one-tab-per-line format if echoed inside NAME.
_LINE_BREAKERS = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


def _echo(name: str) -> str:
    return _LINE_BREAKERS.sub(" ", name.strip())


class Command(BaseCommand):
    help = "Print the proposed diploma spelling (姓名拼音) of each name: NAME<TAB>SPELLING, one line per name."
    # call_command(..., stdin=io.StringIO(...)) in tests; the real command reads sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", metavar="NAME", help="names to romanise (default: one per line on stdin)"
        )
        parser.add_argument(
            "--style", choices=STYLES, default="gb", help="gb keeps ü (Lü); passport writes it yu (Lyu)"
        )

    def _stdin_lines(self, stream) -> list[str]:
        raw = getattr(stream, "buffer", None)
        try:
            text = decode_text(raw.read(), "stdin") if raw is not None else stream.read()
        except ActionRefused:
            raise CommandError(_("标准输入既不是 UTF-8 也不是 GB18030（GBK）编码的文本，请转换编码后重试。")) from None
        # Split on line ends only (not str.splitlines(), which also splits on U+2028 and friends), so that the
        # count of lines is what `wc -l` and a spreadsheet see; a final line end does not start another name.
        lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        return lines

    def handle(self, *args, names: list[str], style: str, **options) -> None:
        if not names:
            names = self._stdin_lines(options.get("stdin") or sys.stdin)
        failed = 0
        for number, raw in enumerate(names, start=1):
            name = _echo(raw)
            spelling = ""
            if name:
                try:
                    spelling = suggest(cells.person_name(name), style).full
                except RomanizeError as error:
                    failed += 1
                    self.stderr.write(_("第 %(n)d 行 %(name)s：%(error)s") % {"n": number, "name": name, "error": error})
            self.stdout.write(f"{name}\t{spelling}")
        if failed:
            raise CommandError(
                _("%(failed)d 个姓名（共 %(total)d 行）无法生成拼音，对应行的拼音为空，请手工填写。")
                % {"failed": failed, "total": len(names)}
            )
