"""The `biye` command: Django's management commands with Biye's settings.

There is one path, production's: without SECRET_KEY (or SECRET_KEY_FILE) the settings refuse to load. Local use
on one machine is asked for with BIYE_LOCAL=1 (the make targets set it; `biye demo` is local by nature, so it
asks for it itself), which generates a key under var/ and leaves the HTTPS-only cookies off."""

from __future__ import annotations

import os
import sys

LOCAL_BY_NATURE = {"demo"}  # serves the demo on 127.0.0.1 and prints its passwords: never a campus server


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biye.settings")
    if args and args[0] in LOCAL_BY_NATURE:
        os.environ.setdefault("BIYE_LOCAL", "1")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.SECRET_KEY  # noqa: B018  (loads the settings: a configuration error is told plainly, no traceback)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"biye: {error}\n")
        raise SystemExit(2) from None
    execute_from_command_line(["biye", *args])


if __name__ == "__main__":
    main()
