from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "biye.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        # middleware connects a login signal (the staff idle clock)
        from biye.core import audit, middleware  # noqa: F401

        audit.describe(**{
            "core.set_deadline": _("修改日程"),
            "core.update_campaign": _("修改毕业工作设置"),
            "core.create_campaign": _("新建毕业工作（届）"),
            "core.grant_role": _("授予角色"),
            "core.create_person": _("新建账号"),
            "core.revoke_role": _("撤销角色"),
            "core.change_password": _("修改本人密码"),
            "core.submission_submit": _("学院报送"),
            "core.submission_sign": _("主管院长签发"),
            "core.submission_accept": _("研究生院接收报送"),
            "core.submission_return": _("研究生院退回报送"),
            "core.reveal_id_number": _("查看完整证件号码"),
            "core.download": _("导出或下载文件"),
            "core.purge": _("清除过期个人信息"),
        })
