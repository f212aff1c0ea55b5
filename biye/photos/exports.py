"""R1.1, R1.2: 附件1 (must be collected) and 附件2 (may be collected again) as .xlsx, per college or for the
whole school. Written through core.tabular.write_xlsx, so no cell can become a formula.

A student included on the college's request (R1.3) is on 附件1, marked 未采集（学院申请列入）.
"""

from __future__ import annotations

from typing import IO

from django.db.models import QuerySet

from biye.core import exports, tabular
from biye.core.models import Campaign, College, Student
from biye.photos.queries import annotate_for_status, status_label

HEADERS = ["序号", "学号", "姓名", "性别", "证件号码", "学院", "专业", "培养层次", "入学年份", "采集状态"]
# The vendor sees no student record, only who is on the list and the photo status (scoping.photo_subjects_for).
VENDOR_HEADERS = ["序号", "学号", "姓名", "学院", "采集状态"]
TITLES = {"a": "附件1 未采集图像毕业研究生名单（本次必须采集）", "b": "附件2 已采集图像毕业研究生名单（本次自愿采集）"}


def list_rows(students: QuerySet[Student], *, photo_status_only: bool = False) -> list[list[object]]:
    if photo_status_only:
        return [[i, s.number, s.name, s.college.name, status_label(s)]
                for i, s in enumerate(students.iterator(chunk_size=2000), start=1)]
    return [
        [i, s.number, s.name, s.gender, s.id_number, s.college.name, s.discipline.name_zh, s.level,
         str(s.enrolled_on.year), status_label(s)]
        for i, s in enumerate(students.iterator(chunk_size=2000), start=1)
    ]


def list_table(
    *, which: str, students: QuerySet[Student], campaign: Campaign, college: College | None,
    photo_status_only: bool = False, search: str = "",
) -> tuple[list[str], list[list[object]]]:
    """List `which` ("a" or "b") of `students` (already scoped for whoever asks): headers and rows."""
    qs = annotate_for_status(students, campaign=campaign, which=which, college_id=college.pk if college else None,
                             search=search)
    return (VENDOR_HEADERS if photo_status_only else HEADERS), list_rows(qs, photo_status_only=photo_status_only)


def write_list(
    out: str | IO[bytes], *, which: str, students: QuerySet[Student], campaign: Campaign, college: College | None
) -> int:
    """Write list `which` ("a" or "b") of `students` (already scoped for whoever asks); returns the row count."""
    headers, rows = list_table(which=which, students=students, campaign=campaign, college=college)
    tabular.write_xlsx(out, headers, rows, sheet_name=TITLES[which][:3])
    return len(rows)


VENDOR_LIST_HEADERS = ["序号", "学号", "姓名", "学院", "名单", "采集状态"]


def write_vendor_list(out: str | IO[bytes], *, students: QuerySet[Student], campaign: Campaign,
                      with_id_numbers: bool) -> int:
    """R1.4, issue 16: what the outside photo company needs to photograph the graduates of 附件1 and 附件2 —
    学号, 姓名, 学院 and photo status; 证件号码 only when the Graduate School turned that on for the campaign
    (Campaign.vendor_sees_id_numbers). `students`: scoping.photo_subjects_for(the vendor)."""
    headers = VENDOR_LIST_HEADERS + (["证件号码"] if with_id_numbers else [])
    rows: list[list[object]] = []
    for which in ("a", "b"):
        for s in annotate_for_status(students, campaign=campaign, which=which).iterator(chunk_size=2000):
            row = [len(rows) + 1, s.number, s.name, s.college.name, TITLES[which][:3], status_label(s)]
            rows.append(row + ([s.id_number] if with_id_numbers else []))
    tabular.write_xlsx(out, headers, rows, sheet_name="采集名单")
    return len(rows)


def file_name(which: str, campaign: Campaign, college: College | None) -> str:
    where = college.name if college else "全校"
    return f"{TITLES[which].split()[0]}_{campaign.label}_{where}.xlsx"


def register() -> None:
    for which in ("a", "b"):
        exports.register(
            exports.Export(
                name=f"photo-list-{which}",
                title=TITLES[which],
                write=lambda out, *, students, campaign, college, which=which: write_list(
                    out, which=which, students=students, campaign=campaign, college=college
                ),
            )
        )
