"""The answer to a stale save: the other person's text beside yours, and a merge form.

Any view whose ``node_update`` raised ``StaleEdit`` returns ``conflict_response``; its
form posts to ``node_merge``, which saves against the version the user has now seen.
"""

from django.shortcuts import render

from argmap.activity.diffing import word_diff
from argmap.maps.models import Node


def conflict_context(current: Node, mine: str) -> dict:
    last = (
        Node.history.filter(id=current.pk)
        .select_related("history_user")
        .order_by("-history_id")
        .first()
    )
    return {
        "node": current,
        "mine": mine,
        "theirs": current.text,
        "runs": word_diff(current.text, mine),
        "their_user": last.history_user if last else None,
        "their_date": last.history_date if last else None,
        "expected_version": current.version,
    }


def conflict_response(request, current: Node, mine: str, *, status: int = 409, error=None):
    """HTTP 409 with the conflict partial (htmx) or the page around it."""
    context = conflict_context(current, mine) | {"error": error}
    template = "activity/conflict.html"
    if request.htmx:
        template += "#conflict"
    return render(request, template, context, status=status)
