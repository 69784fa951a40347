from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from argmap.articles.models import Article


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workspace", "author", "publication", "published_on", "imported_at"]
    list_filter = ["workspace"]
    search_fields = ["title", "author", "publication"]
    date_hierarchy = "imported_at"

    def get_readonly_fields(self, request, obj=None):
        # The body is frozen once imported: node anchors point into it.
        return ["body", "imported_at"] if obj else ["imported_at"]
