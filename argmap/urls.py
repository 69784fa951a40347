from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("argmap.ops.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("argmap.maps.urls")),
    path("", include("argmap.reasoning.urls")),
]
