"""Request rate limits: a fixed window per client, counted in the default cache.

The counting is django-ratelimit's (atomic ``incr`` in the cache; shared between app servers
when the cache is Redis). Two ways to apply a limit:

- ``settings.RATE_LIMITS``: rules matched on the path by ``RateLimitMiddleware``, so a view
  added later under a limited path (``/api/...``, ``/accounts/signup/``) is covered at once;
- ``@rate_limit("group", "5/m")`` on a view function.

A limited request gets 429 with Retry-After: JSON under /api/, else the site's own page.

Both the rate limits and the login lockouts (django-axes) know a client by
``client_address``, so behind a proxy they count the same client.
"""

import ipaddress
import re
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django_ratelimit.core import get_usage

from argmap.ops.problems import problem

# Where the client's address cannot be read at all: such requests share one counter.
UNKNOWN_ADDRESS = "0.0.0.0"


def _address(value) -> str | None:
    try:
        return str(ipaddress.ip_address(str(value or "").strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """The client's IP address: from ``settings.CLIENT_IP_META_KEY`` (a header the proxy
    sets, such as HTTP_X_REAL_IP), else ``REMOTE_ADDR``.

    A request without that header, or with a value that is not an address, did not come
    through a proxy that sets it properly; its own peer address is then the best we know,
    and a request is never refused (or failed) for it.
    """
    key = getattr(settings, "CLIENT_IP_META_KEY", "REMOTE_ADDR")
    return (
        _address(request.META.get(key))
        or _address(request.META.get("REMOTE_ADDR"))
        or UNKNOWN_ADDRESS
    )


@dataclass(frozen=True)
class Rule:
    group: str
    rate: str
    key: str = "ip"
    methods: tuple[str, ...] = ("POST",)
    path: str = ""

    def applies_to(self, request) -> bool:
        return request.method in self.methods and bool(re.search(self.path, request.path_info))


def rules() -> list[Rule]:
    return [
        Rule(
            group=item["group"],
            rate=item["rate"],
            key=item.get("key", "ip"),
            methods=tuple(item.get("methods", ("POST",))),
            path=item["path"],
        )
        for item in settings.RATE_LIMITS
    ]


def exceeded(request, rule: Rule) -> dict | None:
    """Count this request against the rule; the usage (with ``time_left``) when over it."""
    if not getattr(settings, "RATELIMIT_ENABLE", True):
        return None
    usage = get_usage(
        request,
        group=f"argmap.{rule.group}",
        key=rule.key,
        rate=rule.rate,
        method=list(rule.methods),
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    return usage


def too_many_requests(request, usage: dict):
    retry_after = max(1, int(usage.get("time_left") or 1))
    message = f"Too many requests. Please wait {retry_after} seconds and try again."
    response = problem(request, 429, "Too many requests", message)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limit(group: str, rate: str, *, key: str = "ip", methods=("POST",)):
    """Limit a view to ``rate`` ("<count>/<s|m|h|d>") requests per ``key`` for ``methods``."""
    rule = Rule(group=group, rate=rate, key=key, methods=tuple(methods))

    def decorator(view):
        @wraps(view)
        def limited_view(request, *args, **kwargs):
            if request.method in rule.methods and (usage := exceeded(request, rule)):
                return too_many_requests(request, usage)
            return view(request, *args, **kwargs)

        return limited_view

    return decorator
