"""What the conclusions section adds to core's registries (called once, from AppConfig.ready())."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from biye.conclusions import actions, exports, queries
    from biye.conclusions import facts as conclusion_facts
    from biye.conclusions.models import Round
    from biye.core import audit, checklist, submissions
    from biye.core import exports as core_exports

    conclusion_facts.register()
    audit.describe(**{
        "conclusions.standing": _("录入答辩与培养信息"),
        "conclusions.apply": _("提交结业/肄业/结业转毕业申请"),
        "conclusions.advisor_sign": _("导师签字"),
        "conclusions.advisor_paper": _("学院登记导师纸质签字"),
        "conclusions.approve": _("学院批准申请"),
        "conclusions.return": _("学院退回申请"),
        "conclusions.propose": _("拟定毕业结论"),
    })
    titles = {Round.SUMMER: _("毕业结论（夏季）"), Round.AUTUMN: _("毕业结论（秋季）")}
    for round_ in Round:
        submissions.register_check(
            round_.submission_kind,
            lambda campaign, college, round_=round_: actions.submission_check(campaign, college, round_))
        # R3.5: the conclusion is the college's work, in the round's list; an autumn task without a date says
        # 尚未安排 (core/checklist.py), never late.
        checklist.register(checklist.Task(
            f"conclusion_{round_.value}", titles[round_], "R3",
            _("学院审核答辩、培养方案和成绩后拟定毕业结论，报送研究生院（附件8）；结业、肄业、结业转毕业须本人申请。"),
            applies=queries.LISTED & Q(expected_term=round_.term), done=Q(graduation_conclusion__isnull=False),
            deadline_kind=round_.conclusions_kind, url_name="conclusions:me", order=50, college_work=False,
        ))
    checklist.unregister("conclusion")
    core_exports.register(core_exports.Export(
        name="conclusions", title=str(_("毕业结论（附件8）")), write=exports.write_conclusions, other_suffixes=(".pdf",),
        options=("round",)))
    core_exports.register(core_exports.Export(
        name="registration", title=str(_("毕业报库")), write=exports.write_registration, other_suffixes=(".dbf",),
        options=("round",)))
