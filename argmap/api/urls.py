from django.urls import path, re_path, register_converter
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from argmap.api import (
    views,
    views_articles,
    views_auth,
    views_graph,
    views_jobs,
    views_reasoning,
    views_suggestions,
    views_teams,
    views_teamwork,
)


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
    path("auth/token/", views_auth.TokenView.as_view(), name="api_token"),
    path("auth/tokens/", views_auth.TokenList.as_view(), name="api_tokens"),
    path("auth/tokens/<str:token_id>/", views_auth.TokenDetail.as_view(), name="api_token_detail"),
    path("workspaces/", views.WorkspaceList.as_view(), name="api_workspaces"),
    path("workspaces/<id:pk>/", views.WorkspaceDetail.as_view(), name="api_workspace"),
    path("workspaces/<id:pk>/members/", views.MemberList.as_view(), name="api_members"),
    path(
        "workspaces/<id:pk>/members/<id:membership_pk>/",
        views_teams.MemberDetail.as_view(),
        name="api_member",
    ),
    path(
        "workspaces/<id:pk>/invitations/",
        views_teams.InvitationList.as_view(),
        name="api_invitations",
    ),
    path(
        "invitations/accept/",
        views_teams.InvitationAccept.as_view(),
        name="api_invitation_accept",
    ),
    path("invitations/<id:pk>/", views_teams.InvitationDetail.as_view(), name="api_invitation"),
    path("workspaces/<id:pk>/articles/", views_articles.ArticleList.as_view(), name="api_articles"),
    path("workspaces/<id:pk>/imports/", views.MapImport.as_view(), name="api_import"),
    path("articles/<id:pk>/", views_articles.ArticleDetail.as_view(), name="api_article"),
    path(
        "articles/<id:pk>/original/",
        views_articles.ArticleOriginalFile.as_view(),
        name="api_article_original",
    ),
    path("maps/", views.MapList.as_view(), name="api_maps"),
    path("maps/<id:pk>/", views.MapDetail.as_view(), name="api_map"),
    path("maps/<id:pk>/nodes/", views_graph.NodeList.as_view(), name="api_nodes"),
    path("maps/<id:pk>/links/", views_graph.LinkList.as_view(), name="api_links"),
    path("maps/<id:pk>/restore/", views.MapRestore.as_view(), name="api_restore"),
    path("maps/<id:pk>/export/<str:fmt>/", views.MapExport.as_view(), name="api_export"),
    path("jobs/<uuid:pk>/", views_jobs.JobDetail.as_view(), name="api_job"),
    path("jobs/<uuid:pk>/file/", views_jobs.JobFile.as_view(), name="api_job_file"),
    path("nodes/<id:pk>/", views_graph.NodeDetail.as_view(), name="api_node"),
    path("links/<id:pk>/", views_graph.LinkDetail.as_view(), name="api_link"),
    # teamwork: comments, history, trash, activity
    path("nodes/<id:pk>/comments/", views_teamwork.CommentList.as_view(), name="api_comments"),
    path("comments/<id:pk>/", views_teamwork.CommentDetail.as_view(), name="api_comment"),
    path("nodes/<id:pk>/history/", views_teamwork.NodeHistory.as_view(), name="api_node_history"),
    path(
        "nodes/<id:pk>/history/<id:history_id>/restore/",
        views_teamwork.NodeVersionRestore.as_view(),
        name="api_node_version_restore",
    ),
    path("maps/<id:pk>/trash/", views_teamwork.MapTrash.as_view(), name="api_trash"),
    path("maps/<id:pk>/activity/", views_teamwork.MapActivity.as_view(), name="api_activity"),
    # reasoning
    path("maps/<id:pk>/strengths/", views_reasoning.MapStrengths.as_view(), name="api_strengths"),
    path("maps/<id:pk>/scenarios/", views_reasoning.ScenarioList.as_view(), name="api_scenarios"),
    path("nodes/<id:pk>/rating/", views_reasoning.NodeRating.as_view(), name="api_node_rating"),
    path("links/<id:pk>/rating/", views_reasoning.LinkRating.as_view(), name="api_link_rating"),
    path("search/", views_reasoning.Search.as_view(), name="api_search"),
    path(
        "maps/<id:pk>/suggestions/",
        views_suggestions.MapSuggestions.as_view(),
        name="api_suggestions",
    ),
    path(
        "maps/<id:pk>/suggestions/accept/",
        views_suggestions.SuggestionAccept.as_view(),
        name="api_suggestion_accept",
    ),
    path(
        "maps/<id:pk>/suggestions/dismiss/",
        views_suggestions.SuggestionDismiss.as_view(),
        name="api_suggestion_dismiss",
    ),
    re_path(r"^[\s\S]*$", views.NotFound.as_view(), name="api_not_found"),
]
