from django.apps import AppConfig


class DiscussionConfig(AppConfig):
    name = "argmap.discussion"

    def ready(self):
        from argmap.discussion.map_parts import comment_badges
        from argmap.maps.page_parts import END, register_row_part

        register_row_part("comments", comment_badges, slot=END)

        from django.contrib.auth.signals import user_logged_in

        from argmap.discussion.mentions import notify_on_login

        user_logged_in.connect(notify_on_login, dispatch_uid="discussion-mentions")
