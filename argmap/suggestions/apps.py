from django.apps import AppConfig


class SuggestionsConfig(AppConfig):
    name = "argmap.suggestions"
    verbose_name = "Suggestions"

    def ready(self):
        from argmap.maps.page_parts import register_import_draft, register_sidebar_part
        from argmap.suggestions import map_parts

        register_sidebar_part("suggestions", map_parts.suggestions_panel)
        register_import_draft("suggestions", map_parts.IMPORT_DRAFT)
