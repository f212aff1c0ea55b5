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


SECTIONS = ("roster", "photos", "names", "records", "conclusions", "diplomas", "reminders", "campus")


def test_core_pages_name_no_section_a_section_adds_its_part_by_place():
    """The core's pages include no section's template and load no section's tags: a section adds its part to a
    place (core.web.register_part), so a core page never breaks for a section it does not know."""
    from biye.core import web

    named = re.compile(r"""{%\s*(?:include|extends)\s+["'](\w+)/|{%\s*load\s+([^%]+)%}""")
    offending = []
    for path in sorted((TEMPLATES / "core").rglob("*.html")):
        for folder, libraries in named.findall(path.read_text(encoding="utf-8")):
            if folder in SECTIONS or set(libraries.split()) & set(SECTIONS):
                offending.append(str(path.relative_to(TEMPLATES)))
    assert offending == []
    assert "reminders/_todo_link.html" in web.parts("college_task")  # the reminders section did register its parts
    with pytest.raises(ValueError):
        web.register_part("nowhere", "reminders/_home.html")


def test_a_part_is_rendered_in_its_place_with_the_pages_context(client, people):
    client.force_login(people.handler_a)
    html = client.get(f"/college/{people.college_a.code}/").content.decode()
    assert f'href="/reminders/college/{people.college_a.code}/' in html and 'class="nudge-link"' in html  # 催办
