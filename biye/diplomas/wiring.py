"""What diplomas registers with the core when the app starts: its facts, its reaction to an accepted 附件8, which
colleges owe its forms, its checklist tasks, exports and audit labels."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biye.core import audit, checklist, concerned, facts, lateness, signals, submissions
from biye.core.models import Deadline, Submission
from biye.diplomas import exports, queries

CONCLUSION_KINDS = (Submission.Kind.CONCLUSIONS_SUMMER, Submission.Kind.CONCLUSIONS_AUTUMN)


def _numbers_follow_acceptance(sender, *, submission: Submission, by, at, **kwargs) -> None:
    """R4.6: the Graduate School accepted a college's 附件8: its graduates' certificates are numbered."""
    if submission.kind in CONCLUSION_KINDS:
        from biye.diplomas import actions

        actions.assign_numbers(campaign=submission.campaign, college=submission.college, by=by, now=at)


def connect() -> None:
    from biye.diplomas import purge

    purge.register()  # issue 16: 附件9 registrations' ID numbers go with the campaign's retention
    signals.submission_accepted.connect(_numbers_follow_acceptance, dispatch_uid="diplomas.numbers")
    facts.register("diplomas.number", queries.numbers, label=_("证书编号"))
    facts.register("diplomas.jieye_returned", queries.jieye_returned, label=_("结业证书已交回"))
    lateness.owed_by(Submission.Kind.CERTIFICATE_RETURN, queries.colleges_owing_returns)
    submissions.register_check(Submission.Kind.CERTIFICATE_RETURN, queries.returns_ready)
    submissions.register_check(Submission.Kind.STUDY_CERTIFICATES, queries.study_ready)
    exports.register()
    checklist.register(checklist.Task(
        "diploma", _("签收证书"), "R4.1",
        _("按学院的证书发放方案领取证书，核对无误后签收；签收后不再补印，遗失或损坏请向档案馆申请学历证明书。"
          "定向、委培研究生的学历证书移交学生档案室，本人在学院领取证书封皮。"),
        applies=Q(), done=queries.SIGNED_ALL, order=60, url_name="diplomas:mine", note=queries.checklist_note))
    checklist.register(checklist.Task(
        "study_certificate", _("硕博连读硕士阶段学习证明"), "R4.5", _("需要时由学院登记（附件9）。"),
        applies=Q(is_combined=True) & concerned.receives_diploma(), done=Q(queries.STUDY_REGISTERED), order=70,
        deadline_kind=Deadline.Kind.STUDY_CERTIFICATES))
    audit.describe(**{
        "diplomas.number": _("研究生院接收毕业结论后编制证书编号"),
        "diplomas.void": _("毕业结论撤销，证书作废（编号不再使用）"),
        "diplomas.prepare_degree": _("学院登记单证研究生的学位证书"),
        "diplomas.plan": _("学院制定证书发放方案"),
        "diplomas.hand_over": _("学院发放证书"),
        "diplomas.sign_for": _("签收证书（核对无误）"),
        "diplomas.reprint": _("签收前退回重印"),
        "diplomas.attestation_referral": _("签收后申请补印，转档案馆学历证明书"),
        "diplomas.attestation_done": _("档案馆办结学历证明书"),
        "diplomas.dossier_send": _("研究生院移交定向、委培研究生学历证书"),
        "diplomas.dossier_receive": _("档案室签收学历证书"),
        "diplomas.cover": _("领取证书封皮"),
        "diplomas.jieye_return": _("学院登记交回结业证书"),
        "diplomas.study_register": _("学院登记硕博连读学习证明申请"),
        "diplomas.study_issue": _("研究生院开具学习证明"),
    })
