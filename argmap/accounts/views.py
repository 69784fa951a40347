from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from argmap.accounts.forms import SignUpForm
from argmap.accounts.services import account_confirm, account_sign_up
from argmap.accounts.tokens import token_issue, token_revoke, tokens_of, tokens_revoke_all


def _safe_next(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def signup(request):
    """Ask for an account; the answer is the same page whether the address is new or
    known (``account_sign_up``). ``next`` (an invitation link) rides on the mailed link."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        suffix = f"?{urlencode({'next': next_url})}" if next_url else ""
        account_sign_up(
            user=form.save(commit=False),
            link_for=lambda uidb64, token: request.build_absolute_uri(
                reverse("signup_confirm", args=[uidb64, token]) + suffix
            ),
        )
        return redirect("signup_sent")
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def signup_sent(request):
    return render(request, "accounts/signup_sent.html")


def signup_confirm(request, uidb64: str, token: str):
    """The link from the sign-up mail: activates the account and logs it in."""
    user = account_confirm(uidb64=uidb64, token=token)
    if user is None:
        return render(request, "accounts/signup_confirm_failed.html", status=410)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # A URL, never a view name: redirect() would try to reverse a "next" such as "x".
    return HttpResponseRedirect(_safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL))


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout page (429), with Retry-After saying how long the wait is."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": cool_off,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(max(1, int(cool_off.total_seconds())))
    return response


@login_required
def account(request, *, issued=None, status=200):
    """Your account: address, password, and your API tokens (listed, revoked, made)."""
    context = {"tokens": tokens_of(request.user), "issued": issued}
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_POST
def token_new(request):
    """A new API token, shown once on the page that answers (never stored in clear)."""
    return account(request, issued=token_issue(user=request.user))


@login_required
@require_POST
def token_revoke_view(request, token_id: str):
    if token_revoke(user=request.user, token_key=token_id):
        messages.success(request, f"Token {token_id}… revoked: it no longer works.")
    else:
        messages.error(request, "No such token (revoked already?).")
    return redirect("account")


@login_required
@require_POST
def tokens_revoke_all_view(request):
    count = tokens_revoke_all(user=request.user)
    messages.success(request, f"{count} token{'s' if count != 1 else ''} revoked.")
    return redirect("account")
