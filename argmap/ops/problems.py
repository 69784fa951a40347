from django.http import JsonResponse
from django.template.response import TemplateResponse


def problem(request, status: int, heading: str, message: str):
    """A refusal as JSON under /api/ (or when JSON is sent or asked for), else a page."""
    if (
        request.path_info.startswith("/api/")
        or request.content_type == "application/json"
        or "application/json" in request.headers.get("Accept", "")
    ):
        return JsonResponse({"message": message}, status=status)
    response = TemplateResponse(
        request, "ops/problem.html", {"heading": heading, "message": message}, status=status
    )
    return response.render()
