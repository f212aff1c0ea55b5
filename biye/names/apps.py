from django.apps import AppConfig


class NamesConfig(AppConfig):
    name = "biye.names"
    label = "names"
