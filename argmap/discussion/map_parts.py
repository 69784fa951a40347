"""The discussion's part of the map page: a comment badge on every tree row that opens
the node's discussion in the page's side panel (a plain link to the panel's page without
JavaScript). Registered with ``argmap.maps.page_parts`` in ``DiscussionConfig.ready``."""

from django.urls import reverse

from argmap.discussion.selectors import comment_counts

_PLACEHOLDER = 2147483647  # reversed once per page, then filled in per row (reverse is slow)


def comment_badges(request, map_obj, whole_graph):
    """One query for the whole tree: the live comment count of each node."""
    counts = comment_counts(map_obj.pk)
    url = reverse("comments_panel", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")

    def badge(node_id: int) -> str:
        count = counts.get(node_id, 0)
        href = url.format(node_id)
        label = f"Discuss ({count})" if count else "Discuss"
        css = "comment-badge has-comments" if count else "comment-badge"
        # The spoken name starts with the visible words (WCAG 2.5.3), then says the count.
        spoken = f"{count} comment{'' if count == 1 else 's'}"
        return (
            f' <a class="{css}" href="{href}" hx-get="{href}" hx-target="#comments-panel" '
            f'hx-swap="innerHTML" hx-push-url="false">{label}'
            f'<span class="visually-hidden">: {spoken}</span></a>'
        )

    return badge
