"""The API of articles: list and import them (from text, a file or a URL, the last as a
background job), read one, and download the page or PDF it was extracted from."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import serializers as s
from argmap.api import serializers_articles as sa
from argmap.api.tasks import article_import_source
from argmap.api.views import ERRORS, LIST_ERRORS, READ_ERRORS, _valid, _workspace
from argmap.api.views_jobs import JOB_ACCEPTED, accepted
from argmap.articles.models import Article, ArticleOriginal
from argmap.articles.services import article_draft_read, article_upload_keep
from argmap.articles.sources.fetching import precheck
from argmap.jobs.services import job_start
from argmap.maps import services
from argmap.maps.views_articles import original_response
from argmap.teams.models import Workspace
from argmap.teams.permissions import Action, require


@extend_schema_view(
    get=extend_schema(responses={200: sa.ArticleSerializer(many=True), **LIST_ERRORS})
)
@extend_schema(tags=["articles"])
class ArticleList(generics.ListAPIView):
    """Articles of the workspace, newest first."""

    serializer_class = sa.ArticleSerializer
    # JSON for text or a URL, multipart for an uploaded file.
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        workspace = _workspace(self.request, self.kwargs["pk"], Action.VIEW)
        return Article.objects.filter(workspace=workspace)

    @extend_schema(
        request={
            "application/json": sa.ArticleCreateSerializer,
            "multipart/form-data": sa.ArticleCreateSerializer,
        },
        responses={201: sa.ArticleCreatedSerializer, **JOB_ACCEPTED, **ERRORS},
    )
    def post(self, request, pk: int):
        """Import an article from its text or an uploaded .txt or .md file (201: it is split
        into claims and questions and becomes a map), or from its URL or an uploaded .html
        or .pdf file (202: read by a job, whose result is the new article). A page or PDF is
        kept with the article (``original``)."""
        workspace = _workspace(request, pk, Action.EDIT)
        data = _valid(sa.ArticleCreateSerializer, request)
        upload = data.pop("file")
        original = None
        if upload:
            original = article_upload_keep(
                workspace=workspace, user=request.user, data=upload.read(), filename=upload.name
            )
            upload.seek(0)
        if data["url"] or original:
            return _import_in_background(request, workspace, data, original)
        draft = article_draft_read(
            workspace=workspace,
            user=request.user,
            data=upload.read() if upload else b"",
            filename=upload.name if upload else "",
            **data,
        )
        map_obj = services.map_import_article(workspace=workspace, draft=draft, user=request.user)
        article = map_obj.articles.with_original().get()
        body = {
            "article": sa.ArticleDetailSerializer(article).data,
            "map": s.MapSerializer(map_obj).data,
        }
        return Response(body, status=status.HTTP_201_CREATED)


def _import_in_background(request, workspace: Workspace, data: dict, original) -> Response:
    """202 with the job that fetches ``data["url"]`` (or reads the kept upload ``original``)
    and imports it; a URL refused before connecting is a 400 now."""
    if data["url"]:
        precheck(data["url"])
    published_on = data.get("published_on")
    job = job_start(
        task=article_import_source,
        owner=request.user,
        workspace_id=workspace.pk,
        label=f"Importing {data['url'][:150] or original.filename}",
        kwargs={
            "workspace_id": workspace.pk,
            "user_id": request.user.pk,
            "url": data["url"],
            "original_id": original.pk if original else None,
            "title": data["title"],
            "author": data["author"],
            "publication": data["publication"],
            "published_on": published_on.isoformat() if published_on else None,
            "source_url": data["source_url"],
        },
    )
    return accepted(request, job)


@extend_schema(tags=["articles"], responses={200: sa.ArticleDetailSerializer, **READ_ERRORS})
class ArticleDetail(APIView):
    def get(self, request, pk: int):
        """An article with its body and its argument units, as stored at import."""
        article = get_object_or_404(Article.objects.with_original(), pk=pk)
        require(request.user, Action.VIEW, article.workspace_id)
        return Response(sa.ArticleDetailSerializer(article).data)


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
