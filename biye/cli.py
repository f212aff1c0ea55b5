"""The `biye` command: Django's management commands with Biye's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biye.settings")
    # Commands run from a shell on one machine; a missing SECRET_KEY there means "local use".
    os.environ.setdefault("BIYE_LOCAL", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["biye", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
