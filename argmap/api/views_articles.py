"""The kept original of an article (the page or PDF its text was extracted from)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.views import APIView

from argmap.api.views import READ_ERRORS
from argmap.articles.models import ArticleOriginal
from argmap.maps.views_articles import original_response
from argmap.teams.permissions import Action, require


@extend_schema(
    tags=["articles"],
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The page (text/html) or PDF, as an attachment."
        ),
        **READ_ERRORS,
    },
)
class ArticleOriginalFile(APIView):
    def get(self, request, pk: int):
        """Download the page or PDF the article was extracted from (404 for pasted text)."""
        original = get_object_or_404(ArticleOriginal, article_id=pk)
        require(request.user, Action.VIEW, original.workspace_id)
        return original_response(original)
