from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from argmap.articles.models import Article, ArticleOriginal


class ArticleOriginalInline(admin.StackedInline):
    """The kept page or PDF, described but not editable: the text was extracted from it."""

    model = ArticleOriginal
    fields = readonly_fields = ["filename", "content_type", "size", "source_url", "created_at"]
    extra = max_num = 0

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workspace", "author", "publication", "published_on", "imported_at"]
    list_filter = ["workspace"]
    search_fields = ["title", "author", "publication"]
    date_hierarchy = "imported_at"
    inlines = [ArticleOriginalInline]

    def get_readonly_fields(self, request, obj=None):
        # The body is frozen once imported: node anchors point into it.
        return ["body", "imported_at"] if obj else ["imported_at"]
