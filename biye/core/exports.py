"""A small registry of named exports, so one command serves every section:

    biye export NAME [--college CODE] [--campaign YEAR] -o FILE

A section registers its exports in its AppConfig.ready():

    exports.register(exports.Export(name="photo-list-a", title="附件1 …", write=write_list_a))

`write(out, *, students, campaign, college)` (plus `suffix=` when it writes several kinds of file, and any of its
`options`) writes one file to `out` (a path or a binary buffer) and returns the
number of rows. `students` is already scoped for whoever asks: a web view passes scoping.students_for(person);
the command, run by the server's operator, passes every student. `college` is None for the whole school.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Writer = Callable[..., int]


@dataclass(frozen=True)
class Export:
    name: str
    title: str
    write: Writer
    suffix: str = ".xlsx"  # what the written file is; the command refuses an output name that says otherwise
    # Other kinds of file the export can write (".pdf"); for these the command passes write(..., suffix=".pdf").
    other_suffixes: tuple[str, ...] = ()
    # Extra command options the writer takes as keywords, e.g. ("round",) for --round summer|autumn.
    options: tuple[str, ...] = ()


_EXPORTS: dict[str, Export] = {}


def register(export: Export) -> None:
    _EXPORTS[export.name] = export


def names() -> list[str]:
    return sorted(_EXPORTS)


def get(name: str) -> Export | None:
    return _EXPORTS.get(name)

