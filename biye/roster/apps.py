from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterConfig(AppConfig):
    name = "biye.roster"
    label = "roster"

    def ready(self) -> None:
        from biye.core import audit

        audit.describe(**{
            "roster.import": _("导入学籍名单"),
            "roster.create": _("导入名单：新增学生"),
            "roster.update": _("导入名单：更新学生信息"),
            "roster.create_campaign": _("导入名单：新建毕业工作（届）"),
            "roster.create_college": _("导入名单：新增学院"),
            "roster.rename_college": _("导入名单：学院改名"),
            "roster.create_discipline": _("导入名单：新增专业"),
            "roster.rename_discipline": _("导入名单：专业改名"),
            "roster.create_advisor": _("导入名单：新增导师账号"),
            "roster.findings": _("重新校验学籍"),
        })
