"""The API of background jobs: how far a job is, and its result when done."""

from uuid import UUID

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.api.serializers import ErrorSerializer
from argmap.jobs.models import Job
from argmap.jobs.selectors import job_file_for_user, job_file_name, job_for_user
from argmap.jobs.views import file_response

# Not imported from api.views, which imports this module for its 202 answers.
READ_ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="Not logged in."),
    404: OpenApiResponse(ErrorSerializer, description="No such job (or not yours)."),
}


class JobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="This job in the API.")
    page = serializers.SerializerMethodField(help_text="The job's page, with a progress bar.")
    percent = serializers.IntegerField(read_only=True, allow_null=True)
    result = serializers.SerializerMethodField(
        help_text="Once done: the file to download or the page to open; null before."
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "label",
            "status",
            "message",
            "done",
            "total",
            "percent",
            "attempts",
            "created_at",
            "started_at",
            "finished_at",
            "url",
            "page",
            "result",
        ]

    def get_url(self, job) -> str:
        return self.context["request"].build_absolute_uri(reverse("api_job", args=[job.pk]))

    def get_page(self, job) -> str:
        return self.context["request"].build_absolute_uri(job.get_absolute_url())

    def get_result(self, job) -> str | None:
        if job.status != "done":
            return None
        if self.context.get("has_file"):
            return self.context["request"].build_absolute_uri(
                reverse("api_job_file", args=[job.pk])
            )
        return (
            self.context["request"].build_absolute_uri(job.result_url) if job.result_url else None
        )


def accepted(request, job: Job) -> Response:
    """202 Accepted for work that runs as a job: the job, with its URL in ``Location``."""
    data = JobSerializer(job, context={"request": request}).data
    return Response(data, status=202, headers={"Location": data["url"]})


JOB_ACCEPTED = {
    202: OpenApiResponse(
        JobSerializer,
        description="Too large to answer at once: it runs as a job. Poll the job's `url` "
        "(also in `Location`) until `status` is done, then fetch its `result`.",
    )
}


@extend_schema(tags=["jobs"], responses={200: JobSerializer, **READ_ERRORS})
class JobDetail(APIView):
    def get(self, request, pk: UUID):
        """A job you started: its status, progress and, when done, where its result is."""
        job = job_for_user(request.user, pk)
        context = {"request": request, "has_file": bool(job.is_finished and job_file_name(job))}
        return Response(JobSerializer(job, context=context).data)


@extend_schema(
    tags=["jobs"],
    responses={
        (200, "application/octet-stream"): OpenApiResponse(
            OpenApiTypes.BINARY, description="The file the job made."
        ),
        **READ_ERRORS,
    },
)
class JobFile(APIView):
    def get(self, request, pk: UUID):
        """The result file of a job you started, once it is done (404 before)."""
        return file_response(job_file_for_user(request.user, pk))
