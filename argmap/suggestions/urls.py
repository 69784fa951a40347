from django.urls import path

from argmap.suggestions import views

urlpatterns = [
    path("maps/<int:pk>/suggestions/", views.suggestions_panel, name="suggestions_panel"),
    path(
        "maps/<int:pk>/suggestions/accept-all/",
        views.suggestions_accept_all,
        name="suggestions_accept_all",
    ),
    path(
        "maps/<int:pk>/suggestions/<int:node_id>/accept/",
        views.suggestion_accept,
        name="suggestions_accept",
    ),
    path(
        "maps/<int:pk>/suggestions/undo/<int:link_id>/",
        views.suggestion_undo,
        name="suggestions_undo",
    ),
    path(
        "maps/<int:pk>/suggestions/<int:node_id>/dismiss/",
        views.suggestion_dismiss,
        name="suggestions_dismiss",
    ),
    path(
        "maps/<int:pk>/suggestions/<int:node_id>/other/",
        views.suggestions_other,
        name="suggestions_other",
    ),
]
