from django.urls import path

from argmap.activity import views

urlpatterns = [
    path("maps/<int:pk>/activity/", views.map_activity, name="map_activity"),
    path("maps/<int:pk>/changes/", views.map_changes, name="map_changes"),
    path("maps/<int:pk>/trash/", views.map_trash, name="map_trash"),
    path(
        "maps/<int:pk>/trash/<uuid:deletion_id>/restore/",
        views.trash_restore,
        name="trash_restore",
    ),
    path("nodes/<int:pk>/history/", views.node_history, name="node_history"),
    path(
        "nodes/<int:pk>/history/<int:history_id>/restore/",
        views.node_version_restore_view,
        name="node_version_restore",
    ),
    path("nodes/<int:pk>/merge/", views.node_merge, name="node_merge"),
]
