"""Issue 8 (README): one "Where things are" table; every link points to a file inside the repository; the
requirement IDs the README names are summarised in docs/."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_R0_readme_where_things_are_is_one_table():
    lines = _section("Where things are").strip("\n").splitlines()
    table = [i for i, line in enumerate(lines) if line.startswith("|")]
    assert table and table == list(range(table[0], table[-1] + 1)), "a blank or other line splits the table"
    assert sum(1 for line in lines if re.fullmatch(r"\|(-+\|)+", line)) == 1


def test_R0_readme_links_point_inside_the_repository():
    links = re.findall(r"\]\(([^)]+)\)", README) + re.findall(r"`(\.\./[^`]+)`", README)
    assert links
    for link in links:
        if link.startswith(("http://127.0.0.1", "#")):
            continue
        assert not link.startswith(("..", "/", "http")), link
        assert (ROOT / link).is_file(), link


def test_R0_requirements_named_in_the_readme_are_summarised_in_docs():
    summary = (ROOT / "docs" / "requirements.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\bR\d\.\d+\b", README))
    assert named
    for rid in named:
        assert rid in summary, rid
