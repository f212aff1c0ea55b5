"""The one exception a person can fix: views show its message, commands print it and exit non-zero."""

from __future__ import annotations


class ActionRefused(Exception):
    """An action could not be done; `message` is translated and says what to do instead."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)
