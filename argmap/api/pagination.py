from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from argmap.params import parse_id


class Pages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        """Like DRF's, but a page_size that is not a positive whole number is a 400
        rather than silently the default."""
        value = request.query_params.get(self.page_size_query_param)
        if value is not None and parse_id(value) is None:
            raise ValidationError(
                {self.page_size_query_param: ["Must be a positive whole number."]}
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


class SelectorPages(Pages):
    """Pages that a selector cuts (with its own fixed size, and a page past the end
    answered with the last one, as on the pages): the same envelope as ``Pages``."""

    page_size_query_param = None

    @staticmethod
    def response(request, page, results) -> Response:
        """A Django ``Page`` from a selector, answered as DRF pages are."""
        url = request.build_absolute_uri()
        return Response(
            {
                "count": page.paginator.count,
                "next": (
                    replace_query_param(url, "page", page.next_page_number())
                    if page.has_next()
                    else None
                ),
                "previous": (
                    replace_query_param(url, "page", page.previous_page_number())
                    if page.has_previous()
                    else None
                ),
                "results": results,
            }
        )
