from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("argmap.maps.urls")),
    path("", include("argmap.exchange.urls")),
    path("api/", include("argmap.api.urls")),
    path("", include("argmap.reasoning.urls")),
]
