"""Official forms of R4 through core/official.py: the sign-for sheet (R4.1) and 附件9 (R4.5), .xlsx or PDF, one
sheet (run of pages) per college. `biye export sign-for-sheet --college CODE -o FILE`,
`biye export study-certificates --college CODE -o FILE`."""

from __future__ import annotations

from typing import IO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from biye.core import exports, official, submissions
from biye.core.models import Campaign, College, Student, Submission
from biye.diplomas.models import Certificate, StudyCertificate

SIGN_FOR_HEADERS = ("序号", "学号", "姓名", "证书类型", "证书编号", "领取方式", "签名", "日期")
SIGN_FOR_WIDTHS = (3, 8, 6, 8, 12, 10, 8, 7)
STUDY_HEADERS = ("序号", "学号", "姓名", "性别", "证件号码", "学院", "硕士阶段专业", "硕士阶段起止时间", "转博时间",
                 "毕（结）业时间", "备注")
STUDY_WIDTHS = (3, 8, 5, 3, 10, 8, 9, 11, 6, 7, 8)


def _colleges(students: QuerySet[Student], campaign: Campaign, college: College | None, ids: set[int]) -> list[College]:
    if college is not None:
        return [college]
    return list(College.objects.filter(pk__in=ids).order_by("code"))


def sign_for_rows(students: QuerySet[Student], campaign: Campaign, college: College) -> list[list]:
    """The college's live certificates, by 学号: what each graduate signs for. The signature column holds how they
    signed (online, or blank for the paper signature) once signed."""
    rows = []
    certs = (Certificate.objects.filter(student__in=students.filter(campaign=campaign, college=college), void_at__isnull=True)
             .select_related("student").order_by("student__number", "-kind"))  # 学历证书 first
    for n, c in enumerate(certs, start=1):
        if c.kind == Certificate.Kind.DIPLOMA and c.route == Certificate.Route.DOSSIER:
            method = _("移交学生档案室；本人领取封皮")
        else:
            method = c.get_method_display() if c.method else ""
        signed = c.signed_at or c.cover_signed_at
        signature = c.get_sign_method_display() if c.sign_method == Certificate.SignMethod.ONLINE else ""
        kind = f"{c.conclusion}证书" if c.kind == Certificate.Kind.DIPLOMA and c.conclusion != "结业转毕业" else c.get_kind_display()
        rows.append([n, c.student.number, c.student.name, kind, c.number or "", method, signature,
                     signed.date() if signed else None])
    return rows


def write_sign_for(out: str | IO[bytes], *, students: QuerySet[Student], campaign: Campaign, college: College | None,
                   suffix: str = ".xlsx") -> int:
    ids = set(Certificate.objects.filter(student__in=students.filter(campaign=campaign), void_at__isnull=True)
              .values_list("student__college_id", flat=True).distinct())
    forms = []
    for c in _colleges(students, campaign, college, ids):
        rows = sign_for_rows(students, campaign, c)
        forms.append(official.OfficialForm(
            title=_("%(college)s%(year)d届研究生证书签收表") % {"college": c.name, "year": campaign.year},
            headers=SIGN_FOR_HEADERS, rows=rows, signatures=[official.Signature(_("发放人"))], seal=False,
            subtitle=_("学院：%(college)s　　共 %(n)d 份") % {"college": c.name, "n": len(rows)},
            sheet_name=c.name, widths=SIGN_FOR_WIDTHS))
    return official.write(out, *forms, suffix=suffix)


def study_rows(campaign: Campaign, college: College) -> list[list]:
    rows = []
    for n, c in enumerate(StudyCertificate.objects.filter(campaign=campaign, college=college).order_by("number"), start=1):
        rows.append([n, c.number, c.name, c.gender, c.id_number, college.name, c.master_discipline,
                     f"{c.master_from:%Y.%m}—{c.master_to:%Y.%m}", f"{c.to_phd_on:%Y.%m}", f"{c.finished_on:%Y.%m}", c.note])
    return rows


def write_study(out: str | IO[bytes], *, students: QuerySet[Student], campaign: Campaign, college: College | None,
                suffix: str = ".xlsx") -> int:
    """附件9《硕博连读生硕士阶段学习证明登记表》, signed as far as the college's submission has gone."""
    # Requests of earlier years' graduates name no student of the roster: the whole school's file (college None) is
    # for the Graduate School and the command, which see every college.
    ids = set(StudyCertificate.objects.filter(campaign=campaign).values_list("college_id", flat=True).distinct())
    forms = []
    for c in _colleges(students, campaign, college, ids):
        rows = study_rows(campaign, c)
        submission = Submission.objects.filter(campaign=campaign, college=c, kind=Submission.Kind.STUDY_CERTIFICATES).first()
        forms.append(official.OfficialForm(
            title=_("%(college)s硕博连读生硕士阶段学习证明登记表") % {"college": c.name},
            headers=STUDY_HEADERS, rows=rows, signatures=submissions.signatures(submission),
            subtitle=_("学院：%(college)s　　共 %(n)d 人") % {"college": c.name, "n": len(rows)},
            sheet_name=c.name, widths=STUDY_WIDTHS))
    return official.write(out, *forms, suffix=suffix)


def register() -> None:
    exports.register(exports.Export(name="sign-for-sheet", title=_("研究生证书签收表"), write=write_sign_for,
                                    suffix=".xlsx", other_suffixes=(".pdf",)))
    exports.register(exports.Export(name="study-certificates", title=_("硕博连读生硕士阶段学习证明登记表（附件9）"),
                                    write=write_study, suffix=".xlsx", other_suffixes=(".pdf",)))
