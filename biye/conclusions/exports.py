"""R3.5 the college's 附件8 (xlsx and PDF through core/official.py) and R3.6 the Graduate School's 毕业报库
registration file (xlsx, or dBase .dbf in GBK for the registration platform)."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from biye.conclusions import queries
from biye.conclusions.models import Conclusion, Round
from biye.core import codes, facts, lateness, official, submissions
from biye.core.errors import ActionRefused
from biye.core.models import Campaign, College, Student, Submission

FORM_HEADERS = ["序号", "学号", "姓名", "性别", "学院", "专业代码", "专业名称", "培养层次", "学习形式", "答辩日期",
                "答辩成绩", "毕业结论", "备注"]


def form_title(campaign: Campaign, college: College, round_: Round) -> str:
    return _("%(college)s%(year)d年%(term)s研究生毕业结论") % {
        "college": college.name, "year": campaign.year, "term": round_.term}


def _form_rows(rows: Iterable[queries.Row]) -> Iterable[list]:
    for i, row in enumerate(rows, start=1):
        s, standing, report = row.student, row.standing, row.report
        conclusion = report.conclusion if report else ""
        defended = standing is not None and bool(standing.defense_result) and conclusion != Conclusion.WITHDRAW
        yield [i, s.number, s.name, s.gender, s.college.name, s.discipline.code, s.discipline.name_zh, s.level,
               s.study_mode, standing.defense_on if defended and standing.defense_on else "",
               standing.defense_grade if defended else "", conclusion, report.note if report else ""]


def conclusions_form(students: QuerySet[Student], campaign: Campaign, college: College,
                     round_: Round) -> official.OfficialForm:
    """附件8 of one college and round, from `students` (already scoped for whoever asks)."""
    rows = queries.college_rows(students, campaign, college, round_)
    submission = Submission.objects.filter(campaign=campaign, college=college, kind=round_.submission_kind).first()
    return official.OfficialForm(
        title=form_title(campaign, college, round_), headers=FORM_HEADERS, rows=list(_form_rows(rows)),
        signatures=submissions.signatures(submission), sheet_name=college.name,
        subtitle=_("学院：%(college)s　　共 %(n)d 人") % {"college": college.name, "n": len(rows)},
    )


def write_conclusions(out, *, students: QuerySet[Student], campaign: Campaign, college: College | None,
                      round: str = Round.SUMMER, suffix: str = ".xlsx") -> int:
    """`biye export conclusions`: one college's 附件8, or every college's (one sheet / run of pages each)."""
    round_ = Round(round)
    colleges = [college] if college else list(College.objects.filter(
        pk__in=queries.round_students(students, campaign, round_).values("college_id")).order_by("code"))
    if not colleges:
        raise ActionRefused(_("本轮没有需要报送毕业结论的研究生。"))
    forms = [conclusions_form(students, campaign, c, round_) for c in colleges]
    return official.write(out, *forms, suffix=suffix)


# --- R3.6 毕业报库 ---------------------------------------------------------------------------------------------

FIELDS = ["KSH", "XH", "XM", "XB", "CSRQ", "SFZH", "MZ", "YXDM", "YXMC", "ZYDM", "ZYMC", "XZ", "XXXS", "CC", "RXRQ",
          "BYRQ", "BJYJL", "ZSBH", "XZM", "BZ"]
# dBase character widths in bytes of GBK (a Chinese character takes two). The platform's published layout is the
# authority; these hold every value the roster accepts, and a longer value is refused with its row, never cut.
WIDTHS = {"KSH": 14, "XH": 30, "XM": 60, "XB": 2, "CSRQ": 8, "SFZH": 40, "MZ": 30, "YXDM": 5, "YXMC": 60,
          "ZYDM": 10, "ZYMC": 100, "XZ": 4, "XXXS": 10, "CC": 12, "RXRQ": 8, "BYRQ": 8, "BJYJL": 4, "ZSBH": 20,
          "XZM": 30, "BZ": 200}
LEVEL_NAMES = {codes.Level.DOCTOR: "博士研究生", codes.Level.MASTER: "硕士研究生"}
RISK_HEADER = "风险提示（不上报）"
EXCLUDED_HEADERS = ["学号", "姓名", "学院", "毕业结论", "未报原因"]
# Facts other sections publish (core/facts.py); until they do, the check they feed finds nothing, and the
# export's 说明 sheet says so.
FACT_OPEN_CORRECTION = "records.open_correction"  # R2.7: a record correction still being decided
FACT_DIPLOMA_NUMBER = "diplomas.number"  # R4.6: the diploma number (ZSBH)
FACT_PINYIN_STATUS = "names.status"  # R2.8: an unconfirmed pinyin is a risk, not an exclusion


def _ymd(value: dt.date | None) -> str:
    return f"{value:%Y%m%d}" if value else ""


def _years(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def _optional(key: str, ids: Sequence[int]) -> tuple[dict[int, object], bool]:
    if key not in facts.keys():
        return {}, False
    return facts.values(key, ids), True


@dataclass
class Registration:
    rows: list[list[str]]  # FIELDS, then the risk
    excluded: list[list[str]]
    notes: list[str]


COLUMNS = ("pk", "number", "name", "gender", "birth_date", "id_number", "ethnicity", "discipline__code",
           "discipline__name_zh", "schooling_years", "study_mode", "level", "enrolled_on", "examinee_number",
           "certificate_type", "is_international", "photo_on_file", "college_id", "college__name",
           "prior_certificate_number", "prior_year", "graduation_conclusion__conclusion", "graduation_conclusion__note")


def registration(campaign: Campaign, round_: Round, students: QuerySet[Student] | None = None,
                 now: dt.datetime | None = None) -> Registration:
    """One row per graduate the Graduate School may report now, and every other graduate of the round with the
    reason. Reported: a listed graduate whose college's 附件8 of the round is accepted, whose college is not
    delayed (R5.2), with a photo (R1.6) and no open correction (R2.7)."""
    graduation = campaign.autumn_graduation_date if round_ == Round.AUTUMN else campaign.summer_graduation_date
    missing = [label for label, value in ((_("学校名称（YXMC）"), campaign.university_name),
                                          (_("校长姓名（XZM）"), campaign.president_name),
                                          (_("%(term)s毕业日期（BYRQ）") % {"term": round_.term}, graduation)) if not value]
    if missing:
        raise ActionRefused(_("请先在“毕业工作设置”中填写：%(what)s。") % {"what": "、".join(missing)})
    now = now or timezone.now()
    students = students if students is not None else Student.objects.all()
    data = list(students.filter(campaign=campaign, expected_term=round_.term)
                .order_by("college__code", "number").values_list(*COLUMNS))
    ids = [r[0] for r in data]
    accepted = set(Submission.objects.filter(campaign=campaign, kind=round_.submission_kind,
                                             state=Submission.State.ACCEPTED).values_list("college_id", flat=True))
    delayed = lateness.delayed_college_ids(campaign, now=now)
    corrections, has_corrections = _optional(FACT_OPEN_CORRECTION, ids)
    numbers, has_numbers = _optional(FACT_DIPLOMA_NUMBER, ids)
    pinyin, _has_pinyin = _optional(FACT_PINYIN_STATUS, ids)
    school = (campaign.school_code, campaign.university_name)
    rows, excluded = [], []
    for (pk, number, name, gender, birth, id_number, ethnicity, d_code, d_name, years, mode, level, enrolled, ksh,
         certificate, international, photo, college_id, college_name, prior_no, prior_year, conclusion,
         note) in data:
        reasons = []
        if certificate != codes.CertificateType.DUAL:
            reasons.append(_("单证：只发学位证书，不做学历注册"))
        if international:
            reasons.append(_("留学生：不在毕业结论名单中"))
        if not reasons:
            if college_id not in accepted:
                reasons.append(_("学院的%(term)s毕业结论（附件8）尚未被研究生院接收") % {"term": round_.term})
            elif not conclusion:
                reasons.append(_("没有毕业结论"))
            if college_id in delayed:
                reasons.append(_("学院逾期，学历注册延迟"))
            if not photo:
                reasons.append(_("没有学历注册图像（R1.6）"))
            if corrections.get(pk):
                reasons.append(_("学籍信息更正尚未办结（R2.7）"))
        if reasons:
            excluded.append([number, name, college_name, conclusion or "", "；".join(reasons)])
            continue
        remark = note or ""
        if conclusion == Conclusion.CONVERT:
            remark = "；".join(x for x in (_("结业转毕业（原结业证书 %(no)s，%(year)s年结业）") % {
                "no": prior_no or "—", "year": prior_year or "—"}, note) if x)
        status = pinyin.get(pk)
        risk = _("姓名拼音%(status)s（R2.8）") % {"status": status} if status and status != _("已确认") else ""
        rows.append([ksh or "", number, name, gender, _ymd(birth), id_number, ethnicity, school[0], school[1],
                     d_code, d_name, _years(years), mode, LEVEL_NAMES.get(level, level), _ymd(enrolled),
                     _ymd(graduation), Conclusion.GRADUATE if conclusion == Conclusion.CONVERT else conclusion,
                     str(numbers.get(pk) or ""), campaign.president_name, remark, risk])
    notes = [_("%(term)s：上报 %(n)d 人，未报 %(m)d 人（见“未报名单”）。") % {
        "term": round_.term, "n": len(rows), "m": len(excluded)}]
    if not has_numbers:
        notes.append(_("证书编号（ZSBH）尚未生成，本文件中为空；证书编号生成后请重新导出。"))
    if not has_corrections:
        notes.append(_("学籍信息更正（R2.7）尚未接入，未按“更正未办结”排除任何人。"))
    notes.append(_("“%(risk)s”一列只供研究生院核对，上报平台前请删除（.dbf 文件不含此列）。") % {"risk": RISK_HEADER})
    return Registration(rows, excluded, notes)


def write_registration_xlsx(out: str | Path | IO[bytes], reg: Registration) -> int:
    target = str(out) if isinstance(out, Path) else out
    workbook = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_numbers": False,
                                            "strings_to_urls": False, "in_memory": True})
    try:
        bold = workbook.add_format({"bold": True})
        for title, headers, rows in ((_("毕业报库"), [*FIELDS, RISK_HEADER], reg.rows),
                                     (_("未报名单"), EXCLUDED_HEADERS, reg.excluded),
                                     (_("说明"), [_("说明")], [[n] for n in reg.notes])):
            sheet = workbook.add_worksheet(title)
            for col, header in enumerate(headers):
                sheet.write_string(0, col, header, bold)
            write = sheet.write_string
            for r, row in enumerate(rows, start=1):
                for col, value in enumerate(row):
                    if value:
                        write(r, col, value)  # every value is text, so = + - @ stay text
            sheet.freeze_panes(1, 0)
    finally:
        workbook.close()
    return len(reg.rows)


def write_registration_dbf(out: str | Path | IO[bytes], reg: Registration) -> int:
    """dBase III, GBK, the FIELDS in order and nothing else (no risk column)."""
    import dbf

    for row in reg.rows:
        for name, value in zip(FIELDS, row, strict=False):
            if len(value.encode("gbk", errors="replace")) > WIDTHS[name]:
                raise ActionRefused(_("学号 %(xh)s 的 %(field)s（%(value)s）超过 .dbf 字段宽度 %(width)d 字节。")
                                    % {"xh": row[1], "field": name, "value": value, "width": WIDTHS[name]})
    spec = "; ".join(f"{name} C({WIDTHS[name]})" for name in FIELDS)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "bkxx.dbf")
        table = dbf.Table(path, spec, dbf_type="db3", codepage="cp936")
        table.open(dbf.READ_WRITE)
        try:
            for row in reg.rows:
                table.append(tuple(row[: len(FIELDS)]))
        finally:
            table.close()
        data = Path(path).read_bytes()
    if isinstance(out, str | Path):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    return len(reg.rows)


def write_registration(out, *, students: QuerySet[Student], campaign: Campaign, college: College | None,
                       round: str = Round.SUMMER, suffix: str = ".xlsx", now: dt.datetime | None = None) -> int:
    """`biye export registration [--round summer|autumn] -o FILE.xlsx|.dbf`."""
    if college is not None:
        raise ActionRefused(_("毕业报库文件按全校导出，不能只导出一个学院（请去掉 --college）。"))
    reg = registration(campaign, Round(round), students, now=now)
    if suffix == ".dbf":
        return write_registration_dbf(out, reg)
    return write_registration_xlsx(out, reg)


def registration_bytes(campaign: Campaign, round_: Round, suffix: str = ".xlsx") -> bytes:
    buffer = io.BytesIO()
    write_registration(buffer, students=Student.objects.all(), campaign=campaign, college=None, round=round_,
                       suffix=suffix)
    return buffer.getvalue()
