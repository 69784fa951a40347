from django.contrib import admin, messages
from django.urls import reverse

from argmap.teams.models import Invitation, Membership, Workspace
from argmap.teams.services import invitation_new_token


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workspace", "role", "created_at"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "workspace"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["workspace", "role", "email", "created_by", "expires_at", "accepted_by"]
    list_filter = ["role"]
    search_fields = ["email", "workspace__name"]
    # The token's hash is useless to read and must not be edited.
    exclude = ["token_hash"]
    readonly_fields = ["created_by", "accepted_by", "accepted_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            token, obj.token_hash = invitation_new_token()
            obj.created_by = request.user
            link = request.build_absolute_uri(reverse("invitation_accept", args=[token]))
            messages.info(request, f"Invitation link (shown once): {link}")
        super().save_model(request, obj, form, change)
