from django.contrib import admin

from argmap.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["label", "status", "owner", "workspace", "attempts", "created_at"]
    list_filter = ["status"]
    search_fields = ["label", "message"]
    readonly_fields = [field.name for field in Job._meta.fields]
