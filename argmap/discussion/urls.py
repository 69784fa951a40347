from django.urls import path

from argmap.discussion import views

urlpatterns = [
    path("nodes/<int:node_pk>/comments/", views.comments_panel, name="comments_panel"),
    path("nodes/<int:node_pk>/comments/new/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
]
