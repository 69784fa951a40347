"""The REST API: thin views that parse input, check permission once through
``teams.permissions`` and call the same services and selectors as the pages."""

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api import serializers as s
from argmap.api.views_jobs import JOB_ACCEPTED, accepted
from argmap.exchange.export_jobs import map_export_or_job
from argmap.exchange.formats import EXPORT_FORMATS
from argmap.exchange.import_jobs import map_import_or_job
from argmap.exchange.views.files import attachment
from argmap.jobs.models import Job
from argmap.maps import services, services_trash
from argmap.maps.models import Map, Node
from argmap.maps.selectors import maps_visible_to
from argmap.params import parse_id
from argmap.reasoning.selectors import map_strengths
from argmap.teams.models import Membership, Role, Workspace
from argmap.teams.permissions import Action, forget_roles, require
from argmap.teams.services import membership_change_role, workspace_create, workspace_delete

ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="Invalid input; nothing was changed."),
    401: OpenApiResponse(s.ErrorSerializer, description="Not logged in."),
    403: OpenApiResponse(s.ErrorSerializer, description="Your role does not allow this."),
    404: OpenApiResponse(s.ErrorSerializer, description="No such object (or not yours)."),
}
READ_ERRORS = {code: ERRORS[code] for code in (401, 404)}
# 400: a page size that is not a number; 404: a page past the end.
LIST_ERRORS = {code: ERRORS[code] for code in (400, 401, 404)}
STALE = {409: OpenApiResponse(s.StaleSerializer, description="Someone saved in between.")}
LINK_CONFLICT = {
    409: OpenApiResponse(
        s.ConflictSerializer,
        description="Someone saved in between, or the two nodes are linked already.",
    )
}


def _workspace(request, pk: int, action: Action) -> Workspace:
    workspace = get_object_or_404(Workspace, pk=pk)
    require(request.user, action, workspace.pk)
    return workspace


def _map(request, pk: int, action: Action) -> Map:
    map_obj = get_object_or_404(Map, pk=pk)
    require(request.user, action, map_obj.workspace_id)
    return map_obj


def node_data(node: Node) -> dict:
    """A node as the API shows it, with its strength in its map (2 lean queries)."""
    return s.NodeSerializer(node, context={"strengths": map_strengths(node.map_id)}).data


# Workspaces and members ---------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(responses={200: s.WorkspaceSerializer(many=True), **LIST_ERRORS})
)
@extend_schema(tags=["workspaces"])
class WorkspaceList(generics.ListAPIView):
    """The workspaces you belong to, with your role in each."""

    serializer_class = s.WorkspaceSerializer

    def get_queryset(self):
        role = Membership.objects.filter(workspace=OuterRef("pk"), user=self.request.user)
        return Workspace.objects.filter(memberships__user=self.request.user).annotate(
            my_role=Subquery(role.values("role")[:1])
        )

    @extend_schema(
        request=s.WorkspaceCreateSerializer,
        responses={201: s.WorkspaceSerializer, 400: ERRORS[400], 401: ERRORS[401]},
    )
    def post(self, request):
        """A new workspace; you become its owner."""
        data = _valid(s.WorkspaceCreateSerializer, request)
        workspace = workspace_create(name=data["name"], owner=request.user)
        workspace.my_role = Role.OWNER
        forget_roles(request.user)
        return Response(s.WorkspaceSerializer(workspace).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["workspaces"])
class WorkspaceDetail(APIView):
    @extend_schema(responses={200: s.WorkspaceSerializer, **READ_ERRORS})
    def get(self, request, pk: int):
        workspace = _workspace(request, pk, Action.VIEW)
        workspace.my_role = Membership.objects.get(workspace=workspace, user=request.user).role
        return Response(s.WorkspaceSerializer(workspace).data)

    @extend_schema(
        parameters=[s.WorkspaceDeleteSerializer],
        responses={204: OpenApiResponse(description="Deleted."), **ERRORS},
    )
    def delete(self, request, pk: int):
        """Delete the workspace with everything in it (owners only). Confirm with
        ``?confirm_name=`` and its exact name (a DELETE has no documented body)."""
        workspace = _workspace(request, pk, Action.MANAGE)
        confirm = s.WorkspaceDeleteSerializer(data=request.query_params)
        confirm.is_valid(raise_exception=True)
        workspace_delete(workspace=workspace, confirm_name=confirm.validated_data["confirm_name"])
        forget_roles(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(responses={200: s.MembershipSerializer(many=True), **LIST_ERRORS})
)
@extend_schema(tags=["workspaces"])
class MemberList(generics.ListAPIView):
    """Members of the workspace and their roles."""

    serializer_class = s.MembershipSerializer

    def get_queryset(self):
        workspace = _workspace(self.request, self.kwargs["pk"], Action.VIEW)
        members = Membership.objects.filter(workspace=workspace).select_related("user")
        return members.order_by("id")

    @extend_schema(
        request=s.MembershipWriteSerializer,
        responses={200: s.MembershipSerializer, **ERRORS},
    )
    def post(self, request, pk: int):
        """Change a member's role (owners only); the last owner cannot be demoted.
        Newcomers join through an invitation: POST /api/workspaces/{id}/invitations/."""
        workspace = _workspace(request, pk, Action.MANAGE)
        data = _valid(s.MembershipWriteSerializer, request)
        membership = (
            Membership.objects.filter(workspace=workspace, user=data["username"])
            .select_related("user")
            .first()
        )
        if membership is None:
            raise ValidationError(
                {
                    "username": [
                        "Not a member of this workspace: invite them with "
                        f"POST /api/workspaces/{workspace.pk}/invitations/."
                    ]
                }
            )
        membership = membership_change_role(membership=membership, role=data["role"])
        forget_roles(request.user)
        return Response(s.MembershipSerializer(membership).data)


def _valid(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


# Maps ---------------------------------------------------------------------------------


@extend_schema(tags=["maps"])
class MapList(generics.ListAPIView):
    """Maps of the workspaces you belong to, most recently changed first."""

    serializer_class = s.MapSerializer

    @extend_schema(
        parameters=[OpenApiParameter("workspace", int, description="Only this workspace.")],
        responses={200: s.MapSerializer(many=True), **ERRORS},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        maps = maps_visible_to(self.request.user)
        workspace = self.request.query_params.get("workspace")
        if workspace is not None:
            maps = maps.filter(workspace_id=_int_param("workspace", workspace))
        return maps

    @extend_schema(request=s.MapCreateSerializer, responses={201: s.MapSerializer, **ERRORS})
    def post(self, request):
        """A new map with its root node."""
        data = _valid(s.MapCreateSerializer, request)
        workspace = _workspace(request, data["workspace"], Action.EDIT)
        map_obj = services.map_create(
            workspace=workspace,
            title=data["title"],
            root_kind=data["root_kind"],
            created_by=request.user,
        )
        return Response(s.MapSerializer(map_obj).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["maps"], responses={200: s.MapSerializer, **READ_ERRORS})
class MapDetail(APIView):
    def get(self, request, pk: int):
        return Response(s.MapSerializer(_map(request, pk, Action.VIEW)).data)


@extend_schema(
    tags=["maps"],
    request=s.DeletionSerializer,
    responses={200: s.RestoredSerializer, **ERRORS},
)
class MapRestore(APIView):
    def post(self, request, pk: int):
        """Undo a delete: bring back every node and link it removed."""
        map_obj = _map(request, pk, Action.EDIT)
        data = _valid(s.DeletionSerializer, request)
        count = services_trash.deletion_restore(map_obj=map_obj, deletion_id=data["deletion_id"])
        return Response({"restored": count})


def _int_param(name: str, value: str) -> int:
    number = parse_id(value)
    if number is None:
        raise ValidationError({name: ["Must be an id (a positive whole number)."]})
    return number


# Exports and imports ------------------------------------------------------------------


@extend_schema(
    tags=["exchange"],
    parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=list(EXPORT_FORMATS))],
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY,
            description="The map as a file: argmap and AIF JSON, Argdown, GraphML, "
            "DOT, an SVG or PNG picture, Markdown, CSV or Kialo text.",
        ),
        **JOB_ACCEPTED,
        400: OpenApiResponse(
            s.ErrorSerializer, description="No such format, or too large to draw."
        ),
        **READ_ERRORS,
        503: OpenApiResponse(s.ErrorSerializer, description="Graphviz could not draw it."),
    },
)
class MapExport(APIView):
    def get(self, request, pk: int, fmt: str):
        """Download the whole map in one format. A large map's export (pictures from
        1,000 nodes, other formats from 5,000) runs as a job: the answer is 202 with the
        job, whose `result` is the file's URL once it is done."""
        map_obj = _map(request, pk, Action.VIEW)
        if fmt not in EXPORT_FORMATS:
            raise ValidationError({"fmt": [f"Choose one of {', '.join(EXPORT_FORMATS)}."]})
        result = map_export_or_job(map_obj=map_obj, fmt=fmt, user=request.user)
        if isinstance(result, Job):
            return accepted(request, result)
        return attachment(result)


@extend_schema(
    tags=["exchange"],
    request={"multipart/form-data": s.ImportRequestSerializer},
    responses={201: s.ImportResultSerializer, **JOB_ACCEPTED, **ERRORS},
)
class MapImport(APIView):
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request, pk: int):
        """Upload a map file (argmap JSON, AIF, xAIF, Argdown JSON, Kialo) as a new map.

        It is checked completely first; on any problem the answer lists them all
        (with line or node id) and nothing is written. A file over 128 KiB is imported by a
        job: the answer is 202 with the job, whose `result` is the new map's page."""
        workspace = _workspace(request, pk, Action.EDIT)
        data = _valid(s.ImportRequestSerializer, request)
        upload = data["file"]
        if upload.size > settings.MAP_IMPORT_MAX_BYTES:
            raise ValidationError(
                {"file": [f"The file is larger than {settings.MAP_IMPORT_MAX_BYTES:,} bytes."]}
            )
        result = map_import_or_job(
            workspace=workspace,
            data=upload.read(),
            fmt=data["format"],
            title=data["title"],
            user=request.user,
        )
        if isinstance(result, Job):
            return accepted(request, result)
        body = {
            "map": s.MapSerializer(result.map).data,
            "format": result.format,
            "notes": result.notes,
        }
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(exclude=True)
class NotFound(APIView):
    """Any other address under /api/ (including ids that are not numbers): a JSON 404."""

    permission_classes = [AllowAny]
    authentication_classes = []

    def dispatch(self, request, *args, **kwargs):
        self.http_method_names = [*APIView.http_method_names]
        return super().dispatch(request, *args, **kwargs)

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise Http404("No such address in the API.")
