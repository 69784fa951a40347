"""Writes of the reasoning area: scenarios, ratings, adding an article to a map, and
merging duplicate nodes (with undo). Graph rules stay in argmap.maps.services."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from argmap.articles.models import Article
from argmap.articles.services import article_split
from argmap.maps.models import Link, Map, Node, NodeAnchor
from argmap.maps.services import (
    link_validate,
    root_questions,
    unit_nodes,
)
from argmap.maps.services_trash import deletion_restore
from argmap.reasoning.models import LinkRating, NodeMerge, NodeRating, Scenario
from argmap.reasoning.selectors import Basis
from argmap.reasoning.semantics import HAS_STRENGTH, TAKES_PART


def _unit(value, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError(f"The {what} must be a number from 0 to 1.") from None
    if not 0.0 <= number <= 1.0:
        raise ValidationError(f"The {what} must be from 0 to 1.")
    return number


@transaction.atomic
def scenario_save(
    *, map_obj: Map, name: str, disabled_nodes, disabled_links, basis: Basis, user=None
) -> Scenario:
    """Keep a what-if under a name; ids that are not live in the map are left out."""
    name = (name or "").strip()
    if not name:
        raise ValidationError("A scenario needs a name.")
    if len(name) > 200:
        raise ValidationError("A scenario name has at most 200 characters.")
    if Scenario.objects.filter(map=map_obj, name=name).exists():
        raise ValidationError(f"This map already has a scenario named “{name}”.")
    nodes = sorted(
        Node.objects.filter(map=map_obj, pk__in=disabled_nodes).values_list("pk", flat=True)
    )
    links = sorted(
        Link.objects.filter(map=map_obj, pk__in=disabled_links).values_list("pk", flat=True)
    )
    if not nodes and not links:
        raise ValidationError("Switch off at least one node or link before saving a scenario.")
    return Scenario.objects.create(
        map=map_obj,
        name=name,
        disabled_nodes=nodes,
        disabled_links=links,
        basis=str(basis),
        created_by=user,
    )


@transaction.atomic
def scenario_delete(*, scenario: Scenario) -> None:
    scenario.delete()


def _rate(model, *, user, value, field: str, **target):
    """Set the user's rating of ``target`` (one row per user), or clear it on None / ""."""
    if value in (None, ""):
        model.objects.filter(user=user, **target).delete()
        return None
    rating, _ = model.objects.update_or_create(
        user=user, **target, defaults={field: _unit(value, field)}
    )
    return rating


@transaction.atomic
def node_rate(*, node: Node, user, plausibility) -> NodeRating | None:
    """Set (or, with None / "", clear) the user's plausibility for a claim or evidence."""
    if node.kind not in HAS_STRENGTH:
        raise ValidationError("Only claims and evidence are rated; a question asserts nothing.")
    return _rate(NodeRating, user=user, value=plausibility, field="plausibility", node=node)


@transaction.atomic
def link_rate(*, link: Link, user, weight) -> LinkRating | None:
    """Set (or, with None / "", clear) the user's weight for a supporting or opposing link."""
    if link.relation not in TAKES_PART:
        raise ValidationError("Only supporting, opposing and undercutting links have a weight.")
    return _rate(LinkRating, user=user, value=weight, field="weight", link=link)


@transaction.atomic
def map_add_article(*, map_obj: Map, article: Article, user=None) -> list[Node]:
    """Add a further article of the workspace to a map: each of its stored units becomes an
    unplaced node anchored at its words (questions hang under the root, as on import),
    ready for duplicate proposals against what the map already holds."""
    if article.workspace_id != map_obj.workspace_id:
        raise ValidationError("The article belongs to another workspace.")
    if map_obj.articles.filter(pk=article.pk).exists():
        raise ValidationError("This article is already part of the map.")
    split = article_split(article=article)
    units = unit_nodes(map_obj=map_obj, article=article, units=split.sentences, user=user)
    nodes = bulk_create_with_history(units, Node, default_user=user)
    map_obj.articles.add(article)
    if map_obj.root_id:
        questions = root_questions(map_obj=map_obj, nodes=nodes, user=user)
        bulk_create_with_history(questions, Link, default_user=user)
    return nodes


def _anchor_copy(node_or_anchor, node: Node) -> NodeAnchor:
    return NodeAnchor(
        node=node,
        article_id=node_or_anchor.article_id,
        anchor_start=node_or_anchor.anchor_start,
        anchor_end=node_or_anchor.anchor_end,
        anchor_exact=node_or_anchor.anchor_exact,
        anchor_prefix=node_or_anchor.anchor_prefix,
        anchor_suffix=node_or_anchor.anchor_suffix,
    )


def _trash_row(row, deletion_id: uuid.UUID, when, reason: str) -> None:
    row.deleted_at, row.deletion_id = when, deletion_id
    row._change_reason = reason
    row.save(update_fields=["deleted_at", "deletion_id", "updated_at"])


@transaction.atomic
def node_merge(*, kept: Node, absorbed: Node, user=None) -> NodeMerge:
    """Merge ``absorbed`` into ``kept``: one node with the anchors of both, every link of
    the absorbed node re-pointed to the kept one when the graph rules allow it (a link that
    would duplicate one, join the two, or make a cycle goes to the trash instead), and the
    absorbed node to the trash. History records each change; ``merge_undo`` reverses it."""
    kept = Node.objects.select_for_update().get(pk=kept.pk)
    absorbed = Node.objects.select_for_update().get(pk=absorbed.pk)
    if kept.pk == absorbed.pk:
        raise ValidationError("A node cannot be merged with itself.")
    if kept.map_id != absorbed.map_id:
        raise ValidationError("Only nodes of the same map can be merged.")
    if kept.kind != absorbed.kind:
        raise ValidationError(
            f"A {absorbed.kind} cannot be merged into a {kept.kind}: the kinds differ."
        )
    if kept.map.root_id == absorbed.pk:
        raise ValidationError("The root of a map cannot be merged away; keep it instead.")
    reason = f"merge of node {absorbed.pk} into {kept.pk}"
    deletion_id, when = uuid.uuid4(), timezone.now()

    created = []
    if absorbed.has_anchor:
        created.append(_anchor_copy(absorbed, kept))
        created[-1].save()
    moved = list(NodeAnchor.objects.filter(node=absorbed).values_list("pk", flat=True))
    NodeAnchor.objects.filter(pk__in=moved).update(node=kept)

    # Every link of the absorbed node leaves the live graph first, so the rules below
    # see the graph as it will be, then each comes back re-pointed if it may.
    links = list(
        Link.objects.filter(Q(source=absorbed) | Q(target=absorbed), map_id=kept.map_id)
        .select_related("source", "target")
        .order_by("pk")
    )
    for link in links:
        _trash_row(link, deletion_id, when, reason)
    repointed, dropped = [], []
    for link in links:
        old_source, old_target = link.source_id, link.target_id
        source = kept if old_source == absorbed.pk else link.source
        target = kept if old_target == absorbed.pk else link.target
        try:
            link_validate(source=source, target=target, relation=link.relation)
        except ValidationError as error:
            dropped.append([link.pk, error.messages[0]])
            continue
        link.source, link.target = source, target
        link.deleted_at = link.deletion_id = None
        link.version += 1  # an editor holding the old ends gets a stale-edit refusal
        link._change_reason = reason
        link.save()
        repointed.append([link.pk, old_source, old_target])
    _trash_row(absorbed, deletion_id, when, reason)
    return NodeMerge.objects.create(
        map_id=kept.map_id,
        kept=kept,
        absorbed=absorbed,
        deletion_id=deletion_id,
        repointed=repointed,
        dropped=dropped,
        created_anchors=[anchor.pk for anchor in created],
        moved_anchors=moved,
        merged_by=user,
    )


@transaction.atomic
def merge_undo(*, merge: NodeMerge) -> NodeMerge:
    """Put back exactly what ``node_merge`` changed: the absorbed node and its dropped links
    from the trash, the re-pointed links to their old ends, the anchors to their node."""
    merge = NodeMerge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError("This merge was already undone.")
    reason = f"undo of the merge of node {merge.absorbed_id} into {merge.kept_id}"
    deletion_restore(map_obj=merge.map, deletion_id=merge.deletion_id)
    ends = {link_id: (source, target) for link_id, source, target in merge.repointed}
    for link in Link.all_objects.filter(pk__in=ends):
        link.source_id, link.target_id = ends[link.pk]
        link.version += 1
        link._change_reason = reason
        link.save()
    NodeAnchor.objects.filter(pk__in=merge.created_anchors).delete()
    NodeAnchor.objects.filter(pk__in=merge.moved_anchors).update(node=merge.absorbed_id)
    merge.undone_at = timezone.now()
    merge.save(update_fields=["undone_at"])
    return merge
