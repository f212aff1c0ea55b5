from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """B4: reminders before each deadline to whoever has not done their part, and the college's 催办."""

    name = "biye.reminders"
    label = "reminders"
    verbose_name = _("提醒")

    def ready(self) -> None:
        from biye.core import audit

        audit.describe(**{
            "reminders.run": _("自动提醒"),
            "reminders.nudge": _("学院催办"),
            "reminders.set_leads": _("修改提醒时间"),
        })
