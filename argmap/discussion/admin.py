from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from argmap.discussion.models import Comment


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    list_display = ["id", "node", "author", "created_at", "deleted_at"]
    list_filter = ["created_at"]
    search_fields = ["body"]
    raw_id_fields = ["node", "map", "parent", "author"]
