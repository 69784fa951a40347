from django.urls import path, re_path, register_converter
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from argmap.api import views


class IdConverter:
    """A database id: digits that fit in 64 bits (longer ones reach the JSON 404)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", TemplateView.as_view(template_name="api/docs.html"), name="api_docs"),
    path("auth/token/", views.TokenView.as_view(), name="api_token"),
    path("workspaces/", views.WorkspaceList.as_view(), name="api_workspaces"),
    path("workspaces/<id:pk>/", views.WorkspaceDetail.as_view(), name="api_workspace"),
    path("workspaces/<id:pk>/members/", views.MemberList.as_view(), name="api_members"),
    path("workspaces/<id:pk>/articles/", views.ArticleList.as_view(), name="api_articles"),
    path("workspaces/<id:pk>/imports/", views.MapImport.as_view(), name="api_import"),
    path("articles/<id:pk>/", views.ArticleDetail.as_view(), name="api_article"),
    path("maps/", views.MapList.as_view(), name="api_maps"),
    path("maps/<id:pk>/", views.MapDetail.as_view(), name="api_map"),
    path("maps/<id:pk>/nodes/", views.NodeList.as_view(), name="api_nodes"),
    path("maps/<id:pk>/links/", views.LinkList.as_view(), name="api_links"),
    path("maps/<id:pk>/restore/", views.MapRestore.as_view(), name="api_restore"),
    path("maps/<id:pk>/export/<str:fmt>/", views.MapExport.as_view(), name="api_export"),
    path("nodes/<id:pk>/", views.NodeDetail.as_view(), name="api_node"),
    path("links/<id:pk>/", views.LinkDetail.as_view(), name="api_link"),
    re_path(r"^[\s\S]*$", views.NotFound.as_view(), name="api_not_found"),
]
