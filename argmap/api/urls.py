from django.urls import path, re_path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from argmap.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="api_docs"),
    path("auth/token/", views.TokenView.as_view(), name="api_token"),
    path("workspaces/", views.WorkspaceList.as_view(), name="api_workspaces"),
    path("workspaces/<int:pk>/", views.WorkspaceDetail.as_view(), name="api_workspace"),
    path("workspaces/<int:pk>/members/", views.MemberList.as_view(), name="api_members"),
    path("workspaces/<int:pk>/articles/", views.ArticleList.as_view(), name="api_articles"),
    path("workspaces/<int:pk>/imports/", views.MapImport.as_view(), name="api_import"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="api_article"),
    path("maps/", views.MapList.as_view(), name="api_maps"),
    path("maps/<int:pk>/", views.MapDetail.as_view(), name="api_map"),
    path("maps/<int:pk>/nodes/", views.NodeList.as_view(), name="api_nodes"),
    path("maps/<int:pk>/links/", views.LinkList.as_view(), name="api_links"),
    path("maps/<int:pk>/restore/", views.MapRestore.as_view(), name="api_restore"),
    path("maps/<int:pk>/export/<str:fmt>/", views.MapExport.as_view(), name="api_export"),
    path("nodes/<int:pk>/", views.NodeDetail.as_view(), name="api_node"),
    path("links/<int:pk>/", views.LinkDetail.as_view(), name="api_link"),
    re_path(r"^.*$", views.NotFound.as_view(), name="api_not_found"),
]
