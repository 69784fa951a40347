from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "argmap.discussion"

    def ready(self):
        from argmap.discussion.map_parts import comment_badges
        from argmap.maps.page_parts import END, register_row_part

        register_row_part("comments", comment_badges, slot=END)
