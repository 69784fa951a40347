from django.urls import path

from argmap.teams import views

urlpatterns = [
    path("workspaces/", views.workspace_list, name="workspace_list"),
    path("workspaces/new/", views.workspace_create, name="workspace_create"),
    path("workspaces/<int:pk>/", views.workspace_detail, name="workspace_detail"),
    path("workspaces/<int:pk>/leave/", views.workspace_leave, name="workspace_leave"),
    path("workspaces/<int:pk>/delete/", views.workspace_delete, name="workspace_delete"),
    path("workspaces/<int:pk>/invitations/", views.invitation_create, name="invitation_create"),
    path(
        "workspaces/<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        "workspaces/<int:pk>/members/<int:membership_pk>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "workspaces/<int:pk>/members/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
