from django import template

register = template.Library()


@register.filter
def count_for(counts: dict, node_id) -> int:
    """``{{ comment_counts|count_for:node.id }}``: the node's comment count, 0 if none."""
    return counts.get(node_id, 0) if counts else 0
