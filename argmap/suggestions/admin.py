from django.contrib import admin

from argmap.suggestions.models import DismissedSuggestion, NodeVector


@admin.register(DismissedSuggestion)
class DismissedSuggestionAdmin(admin.ModelAdmin):
    list_display = ["node", "parent", "relation", "dismissed_by", "dismissed_at"]
    raw_id_fields = ["node", "parent"]


@admin.register(NodeVector)
class NodeVectorAdmin(admin.ModelAdmin):
    list_display = ["node", "workspace", "model", "updated_at"]
    raw_id_fields = ["node"]
    exclude = ["vector"]
