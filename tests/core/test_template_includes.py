"""Every template a page includes or extends by name exists: a shared piece (core/_field.html, the one field
template of every form) that moves or is renamed must not leave a page that fails only when it is opened."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

TEMPLATES = Path(__file__).resolve().parents[2] / "biye" / "templates"
NAMED = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _references() -> list[tuple[str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for name in NAMED.findall(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(TEMPLATES)), name))
    return found


def test_every_included_or_extended_template_exists():
    references = _references()
    assert any(name == "core/_field.html" for _page, name in references)  # the walk did read the pages
    missing = []
    for page, name in references:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            missing.append(f"{page} → {name}")
    assert missing == []


@pytest.mark.parametrize("old", ["records/_field.html", "names/_field.html"])
def test_the_one_field_template_has_no_section_copies_left(old):
    assert not (TEMPLATES / old).exists()
