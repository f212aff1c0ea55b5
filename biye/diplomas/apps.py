from django.apps import AppConfig


class DiplomasConfig(AppConfig):
    name = "biye.diplomas"
    label = "diplomas"

    def ready(self) -> None:
        from biye.diplomas import wiring

        wiring.connect()
