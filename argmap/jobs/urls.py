from django.urls import path

from argmap.jobs import views

urlpatterns = [
    path("jobs/<uuid:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<uuid:pk>/download/", views.job_download, name="job_download"),
]
