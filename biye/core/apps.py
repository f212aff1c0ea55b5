from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "biye.core"
    label = "core"
    verbose_name = _("核心")

    def ready(self) -> None:
        from biye.core import security  # noqa: F401  (connects the login signals)
