from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    """B4: reminders before each deadline to whoever has not done their part, and the college's 催办."""

    name = "biye.reminders"
    label = "reminders"
    verbose_name = _("提醒")

    def ready(self) -> None:
        from biye.core import audit, web

        web.register_part("home", "reminders/_home.html")  # the person's recent reminders on every home page
        web.register_part("calendar", "reminders/_calendar_link.html")  # 提醒时间 under the calendar
        web.register_part("college_task", "reminders/_todo_link.html")  # 催办 beside each task of the college home

        audit.describe(**{
            "reminders.run": _("自动提醒"),
            "reminders.nudge": _("学院催办"),
            "reminders.set_leads": _("修改提醒时间"),
        })
