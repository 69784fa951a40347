from django.urls import path

from argmap.exchange.views import picture

urlpatterns = [
    path("maps/<int:pk>/picture/", picture.map_picture, name="map_picture"),
    path(
        "maps/<int:pk>/picture.<str:fmt>",
        picture.map_picture_download,
        name="map_picture_download",
    ),
]
