"""@mentions in comments: who is named, how the name becomes a link, and telling them.

A mention is ``@username`` of a member of the comment's workspace (case ignored); any
other ``@word`` (an outsider, a typo, an e-mail address) stays plain text and tells no one.
"""

import logging
import re
import smtplib

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.mail import send_mail
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from argmap.discussion.models import Mention
from argmap.teams.models import Membership

logger = logging.getLogger(__name__)

# "@" not preceded by a word character: "ana@example.org" is an address, not a mention.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]*\w)")
MAX_MENTIONS = 20  # names looked up per comment


def pending_key(user_id: int) -> str:
    """Cache key that says the user has mentions not yet shown (so that other requests
    skip the database)."""
    return f"mentions-pending:{user_id}"


def named(body: str) -> list[str]:
    """The lower-cased names after "@" in ``body``, in order, each once."""
    return list(dict.fromkeys(name.lower() for name in MENTION.findall(body)))[:MAX_MENTIONS]


def members_named(workspace_id: int, names: list[str]) -> dict[str, Membership]:
    """{lower-cased username: membership} of the workspace's members among ``names``
    (one query)."""
    if not names:
        return {}
    rows = (
        Membership.objects.filter(workspace_id=workspace_id)
        .select_related("user")
        .annotate(name=Lower(f"user__{get_user_model().USERNAME_FIELD}"))
        .filter(name__in=names)
    )
    return {row.name: row for row in rows}


def linked(body: str, members: dict[str, Membership]) -> SafeString:
    """``body`` escaped, each mention of a member a link to them on the workspace page."""
    parts, last = [], 0
    for match in MENTION.finditer(body):
        member = members.get(match.group(1).lower())
        if member is None:
            continue
        url = reverse("workspace_detail", args=[member.workspace_id]) + f"#member-{member.pk}"
        parts += [escape(body[last : match.start()])]
        parts += [format_html('<a class="mention" href="{}">@{}</a>', url, match.group(1))]
        last = match.end()
    parts.append(escape(body[last:]))
    return mark_safe("".join(parts))  # noqa: S308 -- every piece escaped above


def mail_mentioned(comment, users, *, link: str) -> None:
    """E-mail each mentioned user who has an address; a mail server that fails is logged,
    not raised (the comment stands, and the notice on the site still comes)."""
    author = comment.author.get_username() if comment.author else "Someone"
    for user in users:
        cache.set(pending_key(user.pk), True, timeout=None)
        if not user.email:
            continue
        try:
            send_mail(
                subject=f"{author} mentioned you on argmap",
                message=(
                    f"{author} mentioned you in a comment on “{comment.node.text[:200]}”:\n\n"
                    f"{comment.body[:1000]}\n\nOpen it: {link}\n"
                ),
                from_email=None,
                recipient_list=[user.email],
            )
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Mention %s not mailed to user %s: %s", comment.pk, user.pk, error)


def notify_pending(request) -> None:
    """Show the user, once, each mention not yet shown: a message on the page being
    opened, linking to the discussion (one query to read them, one to mark them)."""
    user = request.user
    pending = list(
        Mention.objects.filter(user=user, noticed_at__isnull=True)
        .select_related("comment__author", "comment__node")
        .order_by("created_at")[:10]
    )
    for mention in pending:
        comment = mention.comment
        author = comment.author.get_username() if comment.author else "Someone"
        node_text = Truncator(comment.node.text).chars(60)
        url = reverse("comments_panel", args=[comment.node_id]) + f"#comment-{comment.pk}"
        message = format_html('{} mentioned you on <a href="{}">“{}”</a>.', author, url, node_text)
        messages.info(request, message)
    if pending:
        Mention.objects.filter(pk__in=[m.pk for m in pending]).update(noticed_at=timezone.now())
    cache.delete(pending_key(user.pk))


class MentionNoticeMiddleware:
    """Shows pending mentions on the next full page a user opens. Other requests read one
    cache key and never the database; htmx fragments and the API are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            request.method == "GET"
            and user is not None
            and user.is_authenticated
            and not getattr(request, "htmx", False)
            and not request.path.startswith("/api/")
            and cache.get(pending_key(user.pk))
        ):
            notify_pending(request)
        return self.get_response(request)


def notify_on_login(sender, request, user, **kwargs) -> None:
    """At log-in, mentions made while the user was away (whatever the cache holds)."""
    if request is not None and Mention.objects.filter(user=user, noticed_at__isnull=True).exists():
        cache.set(pending_key(user.pk), True, timeout=None)
