from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampusConfig(AppConfig):
    """R0.1: the campus way in — the university's unified identity service (统一身份认证, CAS)."""

    name = "biye.campus"
    label = "campus"
    verbose_name = _("统一身份认证")

    def ready(self) -> None:
        from biye.campus import backends  # noqa: F401  (connects the logout signal)
