"""Time to write an official form of N rows (the 附件6 layout: 18 columns) as .xlsx and as PDF, beside raw
xlsxwriter writing the same cells with nothing else: python bench/official_forms.py 2000"""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biye.settings")
os.environ.setdefault("BIYE_LOCAL", "1")  # a laptop's settings: no secret key needed, no database touched
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

import xlsxwriter  # noqa: E402

from biye.core import official  # noqa: E402

HEADERS = ["序号", "学号", "姓名", "姓名拼音（全拼）", "性别", "民族", "出生日期", "证件类型", "证件号码",
           "学科（专业）代码", "学科（专业）名称", "英文学科（专业）名称", "培养层次", "学习形式", "预计毕业",
           "确认方式", "确认日期", "备注"]


def rows(n: int) -> list[list]:
    return [
        [i, f"3120{i:06d}", "欧阳修远", "Ouyang Xiuyuan", "男", "汉族", dt.date(1995, 3, 7), "居民身份证",
         "110101199503070018", "081200", "计算机科学与技术", "Computer Science and Technology", "硕士", "全日制",
         "夏季", "本人网上确认", dt.date(2020, 6, 15), "附原因填报" if i % 50 == 0 else ""]
        for i in range(1, n + 1)
    ]


def form(data: list[list]) -> official.OfficialForm:
    signed = dt.datetime(2020, 6, 18, 10, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    return official.OfficialForm(
        title="计算机学院2020年预毕业研究生信息核对表", headers=HEADERS, rows=data,
        signatures=official.default_signatures(("经办人甲", signed), ("院长甲", signed)),
    )


def raw_xlsx(data: list[list]) -> None:
    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet()
    for col, h in enumerate(HEADERS):
        sheet.write_string(0, col, h)
    for r, row in enumerate(data, start=1):
        for col, value in enumerate(row):
            sheet.write(r, col, value)
    workbook.close()


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    data = rows(n)
    official.font_path()
    raw = timed(lambda: raw_xlsx(data))
    xlsx = timed(lambda: official.write_xlsx(io.BytesIO(), form(data)))
    buffer = io.BytesIO()
    pdf = timed(lambda: official.write_pdf(buffer, form(data)))
    print(f"{n} rows × {len(HEADERS)} columns")
    print(f"raw xlsxwriter, same cells : {raw * 1000:8.0f} ms")
    print(f"official form .xlsx        : {xlsx * 1000:8.0f} ms  ({xlsx / raw:.2f}× raw)")
    print(f"official form .pdf         : {pdf * 1000:8.0f} ms  ({len(buffer.getvalue()) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
