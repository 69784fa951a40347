from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("argmap.ops.urls")),
    path("accounts/", include("argmap.accounts.urls")),
    path("", include("argmap.teams.urls")),
    path("", include("argmap.jobs.urls")),
    path("", include("argmap.discussion.urls")),
    path("", include("argmap.activity.urls")),
    path("", include("argmap.exchange.urls")),
    path("", include("argmap.maps.urls")),
    path("api/", include("argmap.api.urls")),
    path("", include("argmap.reasoning.urls")),
    path("", include("argmap.suggestions.urls")),
]
