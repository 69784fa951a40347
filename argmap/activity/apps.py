from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "argmap.activity"

    def ready(self):
        from argmap.activity import map_parts
        from argmap.maps import page_parts

        page_parts.register_sidebar_part("teamwork", map_parts.sidebar)
        page_parts.register_write_part("poller", map_parts.poller_update)
        page_parts.register_stale_edit_handler(map_parts.stale_edit)
        page_parts.register_row_part("history", map_parts.history_links, slot=page_parts.END)
