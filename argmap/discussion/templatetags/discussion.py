from django import template

from argmap.discussion.mentions import linked

register = template.Library()


@register.filter
def count_for(counts: dict, node_id) -> int:
    """``{{ comment_counts|count_for:node.id }}``: the node's comment count, 0 if none."""
    return counts.get(node_id, 0) if counts else 0


@register.filter
def with_mentions(body: str, mentioned: dict):
    """``{{ comment.body|with_mentions:mentioned|linebreaksbr }}``: the text escaped, each
    @mention of a member a link to them."""
    return linked(body, mentioned or {})
