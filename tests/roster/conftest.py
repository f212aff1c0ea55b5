"""Roster files for the tests, built from the synthetic roster generator."""

from __future__ import annotations

import csv
import io

import pytest

from biye.core import tabular
from biye.demo import synthetic
from biye.demo.synthetic import ROSTER_HEADERS


def roster_rows(n: int = 3, **kwargs) -> list[dict]:
    return list(synthetic.generate_rows(n, **kwargs))


def to_xlsx(rows: list[dict], headers=ROSTER_HEADERS) -> bytes:
    buffer = io.BytesIO()
    tabular.write_xlsx(buffer, list(headers), ([r.get(h, "") for h in headers] for r in rows))
    return buffer.getvalue()


def to_csv(rows: list[dict], encoding: str = "utf-8", headers=ROSTER_HEADERS) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r[h].isoformat() if hasattr(r.get(h), "isoformat") else r.get(h, "") for h in headers])
    return out.getvalue().encode(encoding)


def run_import(data: bytes, filename: str = "roster.xlsx", *, year: int | None = 2020, by=None, dry_run: bool = False,
               update: bool = False):
    """Import as `by`, or as the command line does (the system actor)."""
    from biye.core.actions import system_actor
    from biye.roster.actions import import_roster

    return import_roster(data=data, filename=filename, campaign_year=year, by=by or system_actor(), dry_run=dry_run,
                         update=update)


@pytest.fixture
def gs(db):
    from biye.core.models import Role
    from tests.conftest import make_person

    return make_person("gs_roster", (Role.GRADUATE_SCHOOL, None), display_name="研究生院老师")


# 学信网's letter codes for the columns its 学籍数据 has; the others under names campus systems use (aliases.py).
XUEXIN_HEADERS: dict[str, str] = {
    "学号": "XH", "姓名": "XM", "性别": "XB", "民族": "MZ", "出生日期": "CSRQ", "证件号码": "SFZH",
    "学院名称": "FY", "专业代码": "ZYDM", "专业名称": "ZYMC", "培养层次": "CC", "学习形式": "XXXS", "学制": "XZ",
    "入学日期": "RXRQ", "预计毕业": "YJBYRQ",
}


def as_xuexin(rows: list[dict], *, college_code: bool = True) -> tuple[list[str], list[dict]]:
    """Biye's rows as a 学信网 export plus campus columns: letter-coded headers, dates as YYYYMMDD text,
    层次 as 博士研究生/硕士研究生, the expected term as a date. Without `college_code` the college goes by name only."""
    headers = [XUEXIN_HEADERS.get(h, h) for h in ROSTER_HEADERS if college_code or h != "学院代码"]
    out = []
    for r in rows:
        row = {XUEXIN_HEADERS.get(h, h): v for h, v in r.items()}
        row["CSRQ"] = r["出生日期"].strftime("%Y%m%d")
        row["RXRQ"] = r["入学日期"].strftime("%Y%m%d")
        row["CC"] = r["培养层次"] + "研究生"
        row["YJBYRQ"] = "20200630" if r["预计毕业"] == "夏季" else "20201231"
        out.append(row)
    return headers, out


# dBase field names hold at most 10 bytes (5 characters in GBK): the long campus names go by their short aliases.
DBF_SHORT = {"最长学习年限": "最长年限", "是否硕博连读": "硕博连读", "是否已采集图像": "已采集图像", "是否留学生": "留学生"}


def to_dbf(rows: list[dict], headers, path, *, codepage: str | None = "cp936") -> bytes:
    """A dBase table as 学信网 exports it: GBK text, YYYYMMDD dates as text, 学制 a number; written by the `dbf`
    package (codepage None: no code page mark, as some exports have)."""
    import dbf

    names = [DBF_SHORT.get(h, h) for h in headers]
    specs = "; ".join(f"{n} N(4,1)" if n in ("XZ", "学制", "最长年限") else f"{n} C(60)" for n in names)
    table = dbf.Table(str(path), specs, codepage=codepage or "cp936")
    table.open(dbf.READ_WRITE)
    for r in rows:
        table.append(tuple(float(r[h]) if n in ("XZ", "学制", "最长年限") else
                           (r[h].strftime("%Y%m%d") if hasattr(r[h], "strftime") else str(r.get(h, "")))
                           for h, n in zip(headers, names)))
    table.close()
    data = bytearray(path.read_bytes())
    if codepage is None:
        data[29] = 0
    return bytes(data)
