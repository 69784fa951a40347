from django.urls import path

from argmap.reasoning import views

urlpatterns = [
    path("maps/<int:pk>/reasoning/", views.what_if_page, name="reasoning_what_if"),
    path("maps/<int:pk>/scenarios/", views.scenario_create, name="reasoning_scenario_create"),
    path(
        "maps/<int:pk>/scenarios/<int:scenario_id>/delete/",
        views.scenario_remove,
        name="reasoning_scenario_delete",
    ),
    path("maps/<int:pk>/ratings/", views.ratings_page, name="reasoning_ratings"),
    path(
        "maps/<int:pk>/ratings/nodes/<int:node_id>/",
        views.rate_node,
        name="reasoning_rate_node",
    ),
    path(
        "maps/<int:pk>/ratings/links/<int:link_id>/",
        views.rate_link,
        name="reasoning_rate_link",
    ),
    path("maps/<int:pk>/duplicates/", views.duplicates_page, name="reasoning_duplicates"),
    path("maps/<int:pk>/articles/add/", views.add_article, name="reasoning_add_article"),
    path("maps/<int:pk>/merges/", views.merge_create, name="reasoning_merge"),
    path(
        "maps/<int:pk>/merges/<int:merge_id>/undo/",
        views.merge_undo_view,
        name="reasoning_merge_undo",
    ),
    path("search/", views.search_page, name="reasoning_search"),
    path(
        "maps/<int:pk>/nodes/<int:node_id>/pros-cons/",
        views.pros_cons_page,
        name="node_pros_cons",
    ),
]
