from django.urls import path

from argmap.exchange.views import files, picture

urlpatterns = [
    path("maps/<int:pk>/picture/", picture.map_picture, name="map_picture"),
    path(
        "maps/<int:pk>/picture.<str:fmt>",
        picture.map_picture_download,
        name="map_picture_download",
    ),
    path("maps/<int:pk>/export/", files.export_menu, name="map_export"),
    path("maps/<int:pk>/export/<slug:fmt>/", files.export_file, name="map_export_file"),
    path("workspaces/<int:workspace_id>/import/", files.import_form, name="map_import"),
    path("exchange/schemas/<str:name>", files.schema_file, name="exchange_schema"),
]
