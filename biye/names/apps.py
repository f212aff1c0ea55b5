from django.apps import AppConfig


class NamesConfig(AppConfig):
    name = "biye.names"
    label = "names"

    def ready(self) -> None:
        # R2.1 and R2.5 replace the backbone's placeholder tasks of the same keys.
        from django.utils.translation import gettext_lazy as _

        from biye.core import checklist
        from biye.core.models import Deadline
        from biye.names import facts, queries

        from biye.core import audit

        facts.register()  # the 附件6 sheet's pinyin columns, read through core/facts.py
        audit.describe(**{
            "names.file": _("填报姓名拼音"),
            "names.fill": _("学院补全或修改姓名拼音"),
            "names.confirm": _("本人确认证书英文姓名"),
            "names.confirm_paper": _("学院登记纸质签字确认"),
            "names.repropose": _("学籍姓名更正后重新建议姓名拼音"),
        })
        from biye.core.signals import student_corrected

        student_corrected.connect(_name_corrected, dispatch_uid="names.name_corrected")
        checklist.register(checklist.Task(
            "pinyin_filing", _("填报姓名拼音（全拼）"), "R2.1",
            _("在“学籍管理 → 学籍信息校对 → 核对和修改个人信息”中核对并填报姓名拼音。"),
            applies=queries.DUAL, done=queries.FILED, order=20,
            deadline_kind=Deadline.Kind.PINYIN_FILING, url_name="names:filing",
        ))
        checklist.register(checklist.Task(
            "pinyin_confirm", _("确认证书英文姓名"), "R2.5",
            _("核对学院汇总的姓名拼音并确认；英文版毕业证书按确认后的拼音印制。"),
            applies=queries.DUAL, done=queries.CONFIRMED, order=30,
            deadline_kind=Deadline.Kind.VERIFICATION_SUBMIT, url_name="names:filing",
            college_work=True,  # R5.2: the college has every pinyin filled in and confirmed by the 附件6 deadline
        ))


def _name_corrected(sender, *, student, fields, by, at, **kwargs) -> None:
    """R2.7: a corrected 姓名 gets a new pinyin proposal, which the student must confirm again."""
    if "name" in fields:
        from biye.names import actions

        actions.propose_after_name_correction(student=student, by=by, at=at)
