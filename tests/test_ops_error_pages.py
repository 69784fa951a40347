import pytest
from django.core.exceptions import PermissionDenied
from django.urls import include, path

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_ops_error_pages")]


def forbidden(request):
    raise PermissionDenied("Your role (viewer) does not allow this.")


def broken(request):
    raise RuntimeError("a bug <b>")


urlpatterns = [
    path("forbidden/", forbidden),
    path("broken/", broken),
    path("", include("argmap.urls")),
]


def _in_site_layout(response) -> str:
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert "argmap.css" in html
    return html


def test_404_page_in_the_site_layout(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Not found" in _in_site_layout(response)


def test_403_page_says_why(client):
    response = client.get("/forbidden/")
    assert response.status_code == 403
    assert "Your role (viewer) does not allow this." in _in_site_layout(response)


def test_500_page_hides_the_error(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = _in_site_layout(response)
    assert "Something went wrong" in html
    assert "a bug" not in html


def test_csrf_failure_page_in_the_site_layout(client):
    client = type(client)(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "This form has expired" in _in_site_layout(response)
