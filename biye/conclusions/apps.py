from django.apps import AppConfig


class ConclusionsConfig(AppConfig):
    name = "biye.conclusions"
    label = "conclusions"

    def ready(self) -> None:
        from biye.conclusions import registry

        registry.register_all()
