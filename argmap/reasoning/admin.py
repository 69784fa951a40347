from django.contrib import admin

from argmap.maps.models import NodeAnchor
from argmap.reasoning.models import LinkRating, NodeMerge, NodeRating, Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "map", "basis", "created_by", "created_at"]
    raw_id_fields = ["map", "created_by"]


@admin.register(NodeRating)
class NodeRatingAdmin(admin.ModelAdmin):
    list_display = ["node", "user", "plausibility", "updated_at"]
    raw_id_fields = ["node", "user"]


@admin.register(LinkRating)
class LinkRatingAdmin(admin.ModelAdmin):
    list_display = ["link", "user", "weight", "updated_at"]
    raw_id_fields = ["link", "user"]


@admin.register(NodeMerge)
class NodeMergeAdmin(admin.ModelAdmin):
    list_display = ["kept", "absorbed", "map", "merged_by", "merged_at", "undone_at"]
    raw_id_fields = ["map", "kept", "absorbed", "merged_by"]
    readonly_fields = ["deletion_id", "repointed", "dropped", "created_anchors", "moved_anchors"]


# NodeAnchor is a maps model that only merging (this app) writes; listed here so that
# argmap.maps.admin stays untouched.
@admin.register(NodeAnchor)
class NodeAnchorAdmin(admin.ModelAdmin):
    list_display = ["node", "article", "anchor_start", "anchor_end"]
    raw_id_fields = ["node", "article"]
