from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "biye.roster"
    label = "roster"
