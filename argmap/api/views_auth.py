"""API tokens: log in for a new token, list yours, revoke one, the current one or all.

Tokens are django-rest-knox's (hashed, many per account). Every login entry point shares
one per-address rate limit (settings.RATE_LIMITS "login"), and django-axes locks a username
out per client address after repeated wrong passwords.
"""

from axes.helpers import get_cool_off, get_failure_limit
from django.contrib.auth import get_user_model
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, generics, serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from argmap.accounts.tokens import token_issue, token_revoke, tokens_of, tokens_revoke_all
from argmap.api import serializers as s
from argmap.api.views import ERRORS, LIST_ERRORS

DONE = {204: OpenApiResponse(description="Revoked.")}


class LoginSerializer(AuthTokenSerializer):
    """Username and password; a username longer than any account's is refused before
    django-axes would record it (its column holds 255 characters)."""

    username = serializers.CharField(
        max_length=get_user_model()._meta.get_field("username").max_length, write_only=True
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    id = serializers.CharField(help_text="The token's first characters, to revoke it by.")
    expiry = serializers.DateTimeField(allow_null=True, help_text="Null: it never expires.")


class TokenInfoSerializer(serializers.Serializer):
    id = serializers.CharField(source="token_key", help_text="The token's first characters.")
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(allow_null=True)
    current = serializers.SerializerMethodField(help_text="The token of this request.")

    def get_current(self, token) -> bool:
        auth = self.context["request"].auth
        return getattr(auth, "digest", None) == token.digest


class LoginLockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_code = "locked_out"

    def __init__(self, request, username: str):
        cool_off = get_cool_off(request)
        limit = get_failure_limit(request, {"username": username})
        wait = f" Try again in {_duration(cool_off)}." if cool_off else ""
        super().__init__(
            f"Too many failed logins: logging in as {username} is blocked for now after "
            f"{limit} wrong passwords in a row.{wait} Resetting your password by e-mail "
            "works during the wait."
        )
        # DRF's exception handler turns ``wait`` into a Retry-After header.
        self.wait = int(cool_off.total_seconds()) if cool_off else None


def _duration(delta) -> str:
    minutes = max(1, round(delta.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@extend_schema(tags=["auth"])
class TokenView(APIView):
    permission_classes = [AllowAny]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: TokenSerializer,
            400: ERRORS[400],
            429: OpenApiResponse(
                s.ErrorSerializer,
                description="Too many failed logins for this username from your address, "
                "or too many logins from your address: refused, even with the right "
                "password, until the wait in Retry-After is over.",
            ),
        },
        parameters=[
            OpenApiParameter(
                "Retry-After",
                int,
                OpenApiParameter.HEADER,
                response=[429],
                description="Seconds until logging in is allowed again.",
            )
        ],
    )
    def post(self, request):
        """A new API token, in exchange for your username and password. Each login makes
        another token; the earlier ones stay valid until revoked."""
        serializer = LoginSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # django-axes flags the request it was given, which is DRF's, so its middleware
            # (which looks at Django's request) never turns this into its lockout answer.
            if getattr(request, "axes_locked_out", False):
                raise LoginLockedOut(request, str(request.data.get("username", ""))) from None
            raise
        issued = token_issue(user=serializer.validated_data["user"])
        return Response(
            {"token": issued.key, "id": issued.token.token_key, "expiry": issued.token.expiry}
        )

    @extend_schema(responses={**DONE, 400: ERRORS[400], 401: ERRORS[401]})
    def delete(self, request):
        """Revoke the token this request is sent with (log out)."""
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if request.auth is None or not hasattr(request.auth, "token_key"):
            raise ValidationError({"token": ["This request was not sent with a token."]})
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(responses={200: TokenInfoSerializer(many=True), **LIST_ERRORS})
)
@extend_schema(tags=["auth"])
class TokenList(generics.ListAPIView):
    """Your live API tokens, newest first."""

    serializer_class = TokenInfoSerializer

    @extend_schema(responses={200: TokenInfoSerializer(many=True), **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return tokens_of(self.request.user)

    @extend_schema(operation_id="auth_tokens_revoke_all", responses={**DONE, 401: ERRORS[401]})
    def delete(self, request):
        """Revoke all your tokens, this request's included."""
        tokens_revoke_all(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["auth"])
class TokenDetail(APIView):
    @extend_schema(
        operation_id="auth_token_revoke",
        responses={**DONE, **{code: ERRORS[code] for code in (401, 404)}},
    )
    def delete(self, request, token_id: str):
        """Revoke one of your tokens by its id (its first characters)."""
        if not token_revoke(user=request.user, token_key=token_id):
            raise exceptions.NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)
