from django.urls import path

from argmap.exchange.views import files

urlpatterns = [
    path("maps/<int:pk>/export/", files.export_menu, name="map_export"),
    path("maps/<int:pk>/export/<slug:fmt>/", files.export_file, name="map_export_file"),
    path("workspaces/<int:workspace_id>/import/", files.import_form, name="map_import"),
    path(
        "exchange/schemas/<str:name>",
        files.schema_file,
        name="exchange_schema",
    ),
]
