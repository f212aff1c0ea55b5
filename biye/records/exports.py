"""R2.3: 《预毕业研究生信息核对表》 (附件6), one sheet per college, as .xlsx or PDF through core/official.py.

One row per 双证 candidate of the college (summer and autumn), in 学号 order. The pinyin columns come from the
names section through core/facts.py; 备注 names what is special about the row: a spelling filed with a reason,
filled in by the college or changed after confirmation, a correction application pending or approved, an English
discipline name the Graduate School corrected at a college's request. The signature lines carry the handler's
and the dean's names and times once the sheet is submitted and signed (core/submissions.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from biye.core import concerned, exports, facts, official, submissions
from biye.core.models import Campaign, College, Student, Submission
from biye.records.models import FIELD_LABELS, Correction, EnglishNameCorrection

HEADERS = (
    "序号", "学号", "姓名", "姓名拼音（全拼）", "性别", "民族", "出生日期", "证件类型", "证件号码", "学科（专业）代码",
    "学科（专业）名称", "英文学科（专业）名称", "培养层次", "学习形式", "预计毕业", "确认方式", "确认日期", "备注",
)
# PDF column widths in mm across A4 landscape (277 mm), measured in the 8 pt font: a 学号, an 18-digit 证件号码 and a
# date fit on one line (a broken number is misread when the sheet is checked on paper); names and remarks wrap.
WIDTHS = (7, 22.5, 14, 22, 5.5, 10.5, 16.5, 16.5, 30.5, 11.5, 17, 26, 8, 10.5, 8, 12, 16.5, 22.5)
PINYIN_FACTS = ("names.spelling", "names.confirmation_method", "names.confirmed_on", "names.filed_with_reason",
                "names.filled_by_college", "names.changed_after_confirmation")
FIELDS = ("pk", "number", "name", "gender", "ethnicity", "birth_date", "id_type", "id_number", "discipline_id",
          "discipline__code", "discipline__name_zh", "discipline__name_en", "level", "study_mode", "expected_term")


def sheet_students(students: QuerySet[Student], campaign: Campaign, college: College) -> QuerySet[Student]:
    """The sheet's students, from an already scoped queryset: the college's 双证 candidates of the campaign."""
    return students.filter(concerned.receives_diploma(), campaign=campaign, college=college).order_by("number")


def _remarks(ids: list[int], discipline_ids: set[int], pinyin: dict[int, dict]) -> tuple[dict[int, list[str]], set[int]]:
    """备注 per student, and the disciplines whose English name was corrected at a college's request."""
    notes: dict[int, list[str]] = defaultdict(list)
    for student_id, values in pinyin.items():
        if values.get("names.filed_with_reason"):
            notes[student_id].append(_("拼音附原因填报：%(r)s") % {"r": values["names.filed_with_reason"]})
        if values.get("names.filled_by_college"):
            notes[student_id].append(_("拼音由学院补全"))
        if values.get("names.changed_after_confirmation"):
            notes[student_id].append(_("拼音确认后被修改，待重新确认"))
    wanted = [Correction.Status.COLLEGE, Correction.Status.GRADUATE_SCHOOL, Correction.Status.APPROVED]
    for start in range(0, len(ids), facts.CHUNK):
        for student_id, status, after in Correction.objects.filter(
                student_id__in=ids[start:start + facts.CHUNK], status__in=wanted).values_list("student_id", "status", "after"):
            labels = "、".join(str(FIELD_LABELS.get(f, f)) for f in after)
            if status == Correction.Status.APPROVED:
                notes[student_id].append(_("已按申请更正：%(f)s") % {"f": labels})
            else:
                notes[student_id].append(_("更正申请审核中：%(f)s") % {"f": labels})
    corrected = set(EnglishNameCorrection.objects.filter(
        discipline_id__in=discipline_ids, status=EnglishNameCorrection.Status.ACCEPTED).values_list("discipline_id", flat=True))
    return notes, corrected


def _rows(students: QuerySet[Student]) -> Iterator[list]:
    values = list(students.values(*FIELDS))
    ids = [v["pk"] for v in values]
    pinyin = facts.table(PINYIN_FACTS, ids)
    notes, english_corrected = _remarks(ids, {v["discipline_id"] for v in values}, pinyin)
    for n, v in enumerate(values, start=1):
        p = pinyin.get(v["pk"], {})
        remarks = list(notes.get(v["pk"], []))
        if v["discipline_id"] in english_corrected:
            remarks.append(_("英文专业名称已更正"))
        yield [
            n, v["number"], v["name"], p.get("names.spelling", ""), v["gender"], v["ethnicity"], v["birth_date"],
            v["id_type"], v["id_number"], v["discipline__code"], v["discipline__name_zh"], v["discipline__name_en"],
            v["level"], v["study_mode"], v["expected_term"], p.get("names.confirmation_method", ""),
            p.get("names.confirmed_on"), "；".join(remarks),
        ]


def sheet_form(students: QuerySet[Student], campaign: Campaign, college: College) -> official.OfficialForm:
    """附件6 of one college, signed as far as its submission has gone."""
    rows = sheet_students(students, campaign, college)
    submission = Submission.objects.filter(campaign=campaign, college=college, kind=Submission.Kind.VERIFICATION).first()
    return official.OfficialForm(
        title=_("%(college)s%(year)d年预毕业研究生信息核对表") % {"college": college.name, "year": campaign.year},
        headers=HEADERS,
        rows=_rows(rows),
        signatures=submissions.signatures(submission),
        subtitle=_("学院：%(college)s　　共 %(n)d 人") % {"college": college.name, "n": rows.count()},
        sheet_name=college.name,
        widths=WIDTHS,
    )


def write_sheets(out: str | IO[bytes], *, students: QuerySet[Student], campaign: Campaign, college: College | None,
                 suffix: str = ".xlsx") -> int:
    """One college's sheet, or (college None) every college's with 双证 candidates, one sheet or run of pages
    each, in 学院代码 order. `students` is already scoped for whoever asks."""
    if college is not None:
        colleges = [college]
    else:
        ids = set(students.filter(concerned.receives_diploma(), campaign=campaign).values_list("college_id", flat=True).distinct())
        colleges = list(College.objects.filter(pk__in=ids).order_by("code"))
    forms = [sheet_form(students, campaign, c) for c in colleges]
    if not forms:
        forms = [official.OfficialForm(title=_("%(year)d年预毕业研究生信息核对表") % {"year": campaign.year},
                                       headers=HEADERS, rows=[], widths=WIDTHS)]
    return official.write(out, *forms, suffix=suffix)


def register() -> None:
    """biye export verification-sheet [--college CODE] -o FILE.xlsx|FILE.pdf"""
    exports.register(exports.Export(name="verification-sheet", title=_("预毕业研究生信息核对表（附件6）"),
                                    write=write_sheets, suffix=".xlsx", other_suffixes=(".pdf",)))
