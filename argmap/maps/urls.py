from django.urls import path

from argmap.maps import views, views_articles, views_edit

urlpatterns = [
    path("", views.home, name="home"),
    path("import/", views_articles.article_import, name="article_import"),
    path("maps/<int:pk>/", views.map_detail, name="map_detail"),
    path("maps/<int:pk>/unplaced/", views.map_unplaced_section, name="map_unplaced"),
    path("maps/<int:pk>/nodes/<int:node_id>/", views.node_subtree, name="node_subtree"),
    path("maps/<int:pk>/nodes/<int:node_id>/add/", views_edit.node_add, name="node_add"),
    path("maps/<int:pk>/nodes/<int:node_id>/edit/", views_edit.node_edit, name="node_edit"),
    path("maps/<int:pk>/nodes/<int:node_id>/more/", views_edit.node_more, name="node_more"),
    path("maps/<int:pk>/nodes/<int:node_id>/place/", views_edit.node_place, name="node_place"),
    path("maps/<int:pk>/nodes/<int:node_id>/delete/", views_edit.node_delete, name="node_delete"),
    path(
        "maps/<int:pk>/links/<int:link_id>/relation/",
        views_edit.link_relation,
        name="link_relation",
    ),
    path("maps/<int:pk>/links/<int:link_id>/move/", views_edit.link_move, name="link_move"),
    path("maps/<int:pk>/links/<int:link_id>/delete/", views_edit.link_delete, name="link_delete"),
    path("maps/<int:pk>/undo/", views_edit.deletion_undo, name="deletion_undo"),
    path("articles/<int:pk>/", views_articles.article_reader, name="article_reader"),
    path("articles/<int:pk>/original/", views_articles.article_original, name="article_original"),
    path("articles/<int:pk>/annotate/", views_articles.article_annotate, name="article_annotate"),
]
