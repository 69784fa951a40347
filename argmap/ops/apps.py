from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "argmap.ops"
    label = "ops"
    verbose_name = "Operations"
