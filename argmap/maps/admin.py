from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from argmap.maps.models import Link, Map, Node
from argmap.maps.services import link_validate


class LinkAdminForm(forms.ModelForm):
    """The admin keeps the graph's rules too: the same check as every other write."""

    class Meta:
        model = Link
        fields = ["map", "source", "target", "relation", "rationale", "author"]

    def clean(self):
        data = super().clean()
        source, target, relation = (data.get(name) for name in ("source", "target", "relation"))
        if source and target and relation and not data.get("deleted_at"):
            link_validate(
                source=source,
                target=target,
                relation=relation,
                ignore=self.instance if self.instance.pk else None,
            )
            if data.get("map") and data["map"].pk != source.map_id:
                raise forms.ValidationError("The link must be in the map of its nodes.")
        return data


@admin.register(Map)
class MapAdmin(SimpleHistoryAdmin):
    list_display = ["title", "workspace", "created_by", "updated_at"]
    list_filter = ["workspace"]
    search_fields = ["title"]
    raw_id_fields = ["root"]
    filter_horizontal = ["articles"]


@admin.register(Node)
class NodeAdmin(SimpleHistoryAdmin):
    list_display = ["id", "kind", "short_text", "map", "grade", "version", "deleted_at"]
    list_filter = ["kind", "map__workspace"]
    search_fields = ["text"]
    raw_id_fields = ["map", "article", "author"]
    readonly_fields = ["version", "created_at", "updated_at"]

    def get_queryset(self, request):
        return Node.all_objects.select_related("map")

    @admin.display(description="text")
    def short_text(self, obj):
        return obj.text[:80]


@admin.register(Link)
class LinkAdmin(SimpleHistoryAdmin):
    form = LinkAdminForm
    list_display = ["id", "source", "relation", "target", "map", "deleted_at"]
    list_filter = ["relation"]
    raw_id_fields = ["map", "source", "target", "author"]
    readonly_fields = ["version", "created_at", "updated_at"]

    def get_queryset(self, request):
        return Link.all_objects.select_related("source", "target", "map")
