from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "argmap.activity"
