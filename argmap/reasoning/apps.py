from django.apps import AppConfig


class ReasoningConfig(AppConfig):
    name = "argmap.reasoning"
