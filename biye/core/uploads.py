"""Files people upload: one size limit, one place that tells what a file is from its content, and one store that
keeps a checked upload between its dry run (试导入) and its confirmation.

The store keeps files on disk under MEDIA_ROOT/staged, named by an unguessable token and bound to the person who
uploaded them and to the page that took them (`purpose`): the confirmation names only the token, so what is
imported is exactly what was checked, and nobody else's token opens anything. Nothing is held in a session or in
the process's memory, so every server process sees the same uploads. What is left unconfirmed goes after a day.
"""

from __future__ import annotations

import json
import re
import secrets
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from biye.core.errors import ActionRefused

KEEP_SECONDS = 24 * 3600
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{32,64}")

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
# .txt: what Excel saves as "Unicode 文本" (UTF-16, tab-separated), which the reader understands; .dbf: dBase
# tables, as 学信网 exports its 学籍数据.
TABLE_SUFFIXES = (".xlsx", ".xls", ".csv", ".txt", ".dbf")

WORKBOOK, OLD_WORKBOOK, TEXT, DBF = "workbook", "xls", "text", "dbf"
# The version byte a dBase / FoxPro table starts with (dBase III-5, FoxBASE+, FoxPro, Visual FoxPro; with or
# without memo).
DBF_VERSIONS = frozenset({0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB})


def looks_like_dbf(data: bytes) -> bool:
    """A dBase header: a known version byte, a last-update date that can exist, a header of 32-byte field
    descriptors ended by 0x0D, and records whose declared size the file can hold."""
    if len(data) < 66 or data[0] not in DBF_VERSIONS or not (1 <= data[2] <= 12 and 1 <= data[3] <= 31):
        return False
    records, header_length, record_length = struct.unpack_from("<IHH", data, 4)
    if header_length < 65 or header_length > len(data) or record_length < 2:
        return False
    if b"\x0d" not in data[32:header_length]:
        return False
    return header_length + records * record_length <= len(data) + 1  # the end-of-file mark is optional


def _limit_text() -> str:
    return filesizeformat(settings.BIYE_MAX_UPLOAD_BYTES)


def check_size(size: int) -> None:
    """BIYE_MAX_UPLOAD_BYTES, the one size limit of every upload."""
    if size > settings.BIYE_MAX_UPLOAD_BYTES:
        raise ActionRefused(_("文件太大（%(size)s），上限为 %(limit)s。请分成几个文件上传。") % {
            "size": filesizeformat(size), "limit": _limit_text()}, field="file")
    if size == 0:
        raise ActionRefused(_("文件是空的（0 字节）。请上传填写好的 Excel（.xlsx）或 CSV 文件。"), field="file")


def check_table_file(name: str, size: int, suffixes: tuple[str, ...] = TABLE_SUFFIXES) -> None:
    """The name and size of an uploaded table, before its bytes are read; what it holds is told by `kind`."""
    if Path(name or "").suffix.lower() not in suffixes:
        raise ActionRefused(_("只接受 %(list)s 文件，请用 Excel 另存为 .xlsx 后上传。") % {
            "list": "、".join(suffixes[:-1]) + _(" 或 ") + suffixes[-1]}, field="file")
    check_size(size)


def read(upload: IO[bytes], name: str, size: int, suffixes: tuple[str, ...] = TABLE_SUFFIXES) -> bytes:
    """The bytes of an uploaded table, read only after its name and size passed (and never more than the limit,
    whatever the size claimed)."""
    check_table_file(name, size, suffixes)
    data = upload.read(settings.BIYE_MAX_UPLOAD_BYTES + 1)
    check_size(len(data))
    return data


def kind(data: bytes, name: str) -> str:
    """What a file is, from its first bytes: WORKBOOK (a zip: .xlsx, .xlsm, .ods), OLD_WORKBOOK (.xls), DBF or TEXT
    (CSV, tab-separated). A file named .xlsx that is neither zip nor .xls, or a binary file sent as text, is
    refused with a message a person understands."""
    if not data:
        raise ActionRefused(_("文件“%(name)s”是空的（0 字节）。请上传填写好的 Excel（.xlsx）或 CSV 文件。") % {"name": name})
    if data.startswith(ZIP_MAGIC):
        return WORKBOOK
    if data.startswith(OLE_MAGIC):
        return OLD_WORKBOOK
    if looks_like_dbf(data):
        return DBF
    if Path(name or "").suffix.lower() in SPREADSHEET_SUFFIXES:
        raise ActionRefused(
            _("文件“%(name)s”不是有效的 Excel 工作簿（可能是改了扩展名的其他文件）。请用 Excel 另存为 .xlsx 后重新上传。")
            % {"name": name}
        )
    # NUL bytes mean binary data, unless the text is UTF-16 (Excel's "Unicode 文本"), which starts with its BOM.
    if b"\x00" in data[:65536] and not data.startswith(UTF16_BOMS):
        raise ActionRefused(
            _("文件“%(name)s”既不是 Excel 工作簿，也不是 CSV 文本文件。请上传 .xlsx 或 .csv 文件。") % {"name": name}
        )
    return TEXT


# --- the staged-upload store -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Staged:
    """An upload kept between its dry run and its confirmation."""

    token: str
    purpose: str
    name: str
    meta: dict

    @property
    def data(self) -> bytes:
        return _path(self.token, "data").read_bytes()

    @property
    def has_data(self) -> bool:
        return _path(self.token, "data").exists()

    def attachment(self, suffix: str) -> Path:
        """Where a file that goes with this upload (its error report, say) is kept."""
        return _path(self.token, suffix)


def _directory() -> Path:
    path = Path(settings.MEDIA_ROOT) / "staged"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(token: str, suffix: str) -> Path:
    if not TOKEN_RE.fullmatch(token) or not re.fullmatch(r"[a-z.]{1,20}", suffix):
        raise ValueError("not a staged-upload token")
    return _directory() / f"{token}.{suffix}"


def _sweep(directory: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for item in directory.iterdir():
        try:
            if item.stat().st_mtime < cutoff:
                item.unlink()
        except OSError:
            pass  # another process removed it first


def stage(*, purpose: str, by, name: str, data: bytes | None, meta: dict | None = None) -> Staged:
    """Keep an upload (or, with data=None, only what goes with it, such as a rejected file's error report: a
    rejected roster is not kept, it holds ID numbers) for `by` and this purpose; returns it with its token."""
    directory = _directory()
    _sweep(directory)
    token = secrets.token_urlsafe(32)
    staged = Staged(token=token, purpose=purpose, name=name, meta=dict(meta or {}))
    if data is not None:
        _path(token, "data").write_bytes(data)
    _path(token, "json").write_text(json.dumps(
        {"purpose": purpose, "person": by.pk, "name": name, "meta": staged.meta}, ensure_ascii=False))
    return staged


def fetch(token: str, *, purpose: str, by) -> Staged | None:
    """The upload `by` staged under this token for this purpose, or None: a token of another person or page, an
    expired one and a made-up one are all simply not found."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    try:
        record = json.loads(_path(token, "json").read_text())
    except (OSError, ValueError):
        return None
    if record.get("purpose") != purpose or record.get("person") != by.pk:
        return None
    return Staged(token=token, purpose=purpose, name=record["name"], meta=record.get("meta") or {})


def discard(staged: Staged) -> None:
    """Forget an upload once it is imported; its attachments go with it."""
    for item in _directory().glob(f"{staged.token}.*"):
        item.unlink(missing_ok=True)
