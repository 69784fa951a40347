from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "argmap.jobs"
    verbose_name = "Background jobs"
