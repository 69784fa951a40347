from django.urls import path

from argmap.ops import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]
