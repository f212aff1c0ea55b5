"""Fixtures of the records tests: the server's clock, and evidence files that are what they claim to be."""

from __future__ import annotations

import io

import pytest



@pytest.fixture
def clock(clock):
    """The shared clock (tests/conftest.py), moved to 2020-06-15 10:00: after the pinyin filing deadline, with the
    verification sheet (06-18) still open — the days of record checks and corrections."""
    clock(2020, 6, 15, 10)
    return clock


def png_bytes(size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 30, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    """A fresh MEDIA_ROOT, so a test can count the files stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
