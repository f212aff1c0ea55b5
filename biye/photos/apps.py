from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "biye.photos"
    label = "photos"
    verbose_name = _("图像采集")

    def ready(self) -> None:
        from django.db.models import Q

        from biye.core import checklist, concerned
        from biye.core.models import Deadline
        from biye.photos import exports
        from biye.photos.queries import REGISTRATION_BLOCKED

        from biye.core import audit

        audit.describe(**{
            "photos.vendor_result": _("影像中心采集结果"),
            "photos.record_paper_photo": _("学院记录纸质照片"),
            "photos.request_inclusion": _("学院申请列入采集"),
            "photos.decide_inclusion": _("研究生院审核列入采集申请"),
        })
        # R1, R1.6: every graduate who receives a 学历证书 (双证) needs a photo on file; without one they cannot
        # be registered. A 单证 graduate has no photo task.
        checklist.register(
            checklist.Task(
                "photo",
                _("学历电子注册图像采集"),
                "R1",
                _("按名单参加线上采集，或在最晚补采集时间前到影像中心采集并把纸质照片交到学院。"),
                applies=concerned.receives_diploma(),
                done=Q(photo_on_file=True),
                blocked=REGISTRATION_BLOCKED,
                blocked_message=_("未采集图像：无法学历电子注册"),
                deadline_kind=Deadline.Kind.PHOTO_MAKEUP,
                url_name="photos:student",
                order=10,
            )
        )
        exports.register()
        from biye.photos import facts

        facts.register()
