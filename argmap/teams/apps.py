from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "argmap.teams"
