"""R2.2: `biye romanize [--style gb|passport] [NAME ...]`, the proposed diploma spelling of each name.

Prints one line per name, `NAME<TAB>SPELLING`. With no NAME it reads one name per line from standard input,
so a roster column can be piped through it. A name that cannot be romanised is reported on standard error
and the command exits non-zero after the others are printed.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from biye.names.romanize import STYLES, RomanizeError, suggest


class Command(BaseCommand):
    help = "Print the proposed diploma spelling (姓名拼音) of each name: NAME<TAB>SPELLING."
    # call_command(..., stdin=io.StringIO(...)) in tests; the real command reads sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "names", nargs="*", metavar="NAME", help="names to romanise (default: one per line on stdin)"
        )
        parser.add_argument(
            "--style", choices=STYLES, default="gb", help="gb keeps ü (Lü); passport writes it yu (Lyu)"
        )

    def handle(self, *args, names: list[str], style: str, **options) -> None:
        if not names:
            stream = options.get("stdin") or sys.stdin
            names = [line.strip() for line in stream if line.strip()]
        failed = 0
        for name in names:
            try:
                self.stdout.write(f"{name}\t{suggest(name, style)}")
            except RomanizeError as error:
                failed += 1
                self.stderr.write(f"{name}: {error}")
        if failed:
            raise CommandError(f"{failed} of {len(names)} names could not be romanised.")
