from django.apps import AppConfig


class ReasoningConfig(AppConfig):
    name = "argmap.reasoning"

    def ready(self):
        from argmap.maps.page_parts import END, LEAD, register_anchor_source, register_row_part
        from argmap.reasoning.map_parts import pros_cons_links, strength_bars
        from argmap.reasoning.selectors import extra_anchors_in

        register_row_part("strength", strength_bars, slot=LEAD)
        register_row_part("pros-cons", pros_cons_links, slot=END)
        register_anchor_source("merged", extra_anchors_in)
