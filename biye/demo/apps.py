from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo university (`biye demo`) and the synthetic roster it, the tests and the benchmarks use. It
    stands above every section; nothing in biye imports it."""

    name = "biye.demo"
    label = "demo"
    verbose_name = _("演示数据")

    def ready(self) -> None:
        from biye.core import audit

        audit.describe(**{"core.demo_loaded": _("装入演示数据")})
