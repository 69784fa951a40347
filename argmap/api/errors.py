"""Every API error as JSON: ``{"message": "...", "errors": {...}}``, never an HTML page.

Every "not found" answers the same bytes, ``{"message": "Not found."}``, whether the id
never existed, belongs to another workspace or names a node in the trash: the answer must
not tell an outsider which ids exist.

Services raise Django's ValidationError (400, with field details when they name
fields; 409 for a link that exists already) and StaleEdit (409, with the version that won
so the client can merge).
"""

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler

from argmap.exchange.dot import RenderError
from argmap.maps.services import DUPLICATE_LINK, StaleEdit

logger = logging.getLogger(__name__)

NOT_FOUND = "Not found."


def _details(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {field: list(messages) for field, messages in error.message_dict.items()}
    return {"non_field_errors": error.messages}


def not_found_response() -> Response:
    """The one answer for anything missing or hidden (see the module docstring)."""
    return Response({"message": NOT_FOUND}, status=status.HTTP_404_NOT_FOUND)


def json_errors(exc, context):
    if isinstance(exc, Http404 | NotFound):
        return not_found_response()
    if isinstance(exc, DjangoValidationError):
        conflict = getattr(exc, "code", None) == DUPLICATE_LINK
        return Response(
            {"message": " ".join(exc.messages), "errors": _details(exc)},
            status=status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, StaleEdit):
        from argmap.api.serializers import stale_payload  # serializers import this module

        return Response(stale_payload(exc), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RenderError):
        return Response({"message": str(exc)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in %s", context.get("view"))
        return Response(
            {"message": "Something went wrong on our side; the error is logged."},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, ValidationError):
        detail = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"message": "The request has invalid fields.", "errors": detail}
    else:
        detail = (
            response.data.get("detail", response.data)
            if isinstance(response.data, dict)
            else response.data
        )
        response.data = {"message": str(detail)}
    return response
