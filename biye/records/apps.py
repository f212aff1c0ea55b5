from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "biye.records"
    label = "records"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from biye.core import audit, checklist, concerned
        from biye.core.models import Deadline
        from biye.records import exports, queries

        from biye.records import facts, purge

        facts.register()  # R2.7: an open correction keeps a graduate out of the 毕业报库 file (conclusions)
        purge.register()  # issue 16: evidence files and quoted ID numbers go with the campaign's retention
        exports.register()  # 附件6: biye export verification-sheet, and the college's and GS's downloads
        from biye.core import submissions
        from biye.core.models import Submission

        submissions.register_check(Submission.Kind.VERIFICATION, queries.ready_to_submit)
        submissions.register_form_url(Submission.Kind.VERIFICATION, "records:sheet_pdf")

        audit.describe(**{
            "records.import_disciplines": _("导入英文专业名称表（附件5）"),
            "records.edit_discipline": _("修改英文专业名称表（附件5）"),
            "records.propose_english": _("学院提出英文专业名称更正"),
            "records.decide_english": _("研究生院审核英文专业名称更正"),
            "records.confirm": _("本人确认学籍信息无误"),
            "records.confirm_paper": _("学院登记学籍信息纸质签字确认"),
            "records.apply": _("提交学籍信息更正申请"),
            "records.college_decide": _("学院审核学籍信息更正申请"),
            "records.gs_decide": _("研究生院审核学籍信息更正申请"),
            "records.correct": _("按批准的申请更正学籍信息"),
            "records.check_finding": _("学院核实系统校验问题"),
        })
        # R2.7 replaces the backbone's placeholder task of the same key.
        checklist.register(checklist.Task(
            "record_check", _("核对学籍信息"), "R2.7",
            _("在“核对和修改个人信息”中核对姓名、性别、学号、民族、出生日期、证件号码、专业、培养层次；无误请确认，有误须提交书面更正申请并附证明材料。"),
            applies=concerned.receives_diploma(), done=queries.CHECKED, order=40,
            deadline_kind=Deadline.Kind.VERIFICATION_SUBMIT, url_name="records:check",
        ))
