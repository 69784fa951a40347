"""Writes of the maps area. Every rule of the argument graph is kept here, so the
HTML pages and the API share them: one map per link, no self-links, no
duplicate links, relations that fit the kinds they join, and no cycles."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history

from argmap.articles.models import Article
from argmap.articles.services import ArticleDraft, article_create
from argmap.maps.graph import UNDERCUTTABLE, relation_error
from argmap.maps.models import Link, Map, Node, NodeKind, Relation
from argmap.teams.models import Workspace

ANCHOR_CONTEXT = 32  # characters of prefix and suffix kept to re-find a quote


class StaleEdit(Exception):
    """Someone saved this object after the version the edit started from."""

    def __init__(self, current):
        super().__init__(f"{type(current).__name__} {current.pk} was changed by someone else.")
        self.current = current


@dataclass(frozen=True)
class Anchor:
    article: Article
    start: int
    end: int


def anchor_fields(anchor: Anchor | None) -> dict:
    """The Node fields of a text anchor, with the quote and its context taken from the body."""
    if anchor is None:
        return {}
    body = anchor.article.body
    if not 0 <= anchor.start < anchor.end <= len(body):
        raise ValidationError("The selected text is not inside the article.")
    return {
        "article": anchor.article,
        "anchor_start": anchor.start,
        "anchor_end": anchor.end,
        "anchor_exact": body[anchor.start : anchor.end],
        "anchor_prefix": body[max(0, anchor.start - ANCHOR_CONTEXT) : anchor.start],
        "anchor_suffix": body[anchor.end : anchor.end + ANCHOR_CONTEXT],
    }


def _closes_cycle(*, source_id: int, target_id: int) -> bool:
    """Whether source already lies above target, so source -> target would close a cycle.

    A recursive CTE walks upwards from target through live links in the database.
    """
    table = Link._meta.db_table
    sql = f"""
        WITH RECURSIVE above(id) AS (
            SELECT CAST(%s AS BIGINT)
            UNION
            SELECT l.target_id FROM {table} l JOIN above a ON l.source_id = a.id
            WHERE l.deleted_at IS NULL
        )
        SELECT 1 FROM above WHERE id = %s LIMIT 1
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [target_id, source_id])
        return cursor.fetchone() is not None


# The code of the ValidationError for a link that exists already, which the API answers
# with 409 Conflict: the request was fine, the map's state (perhaps just changed by a
# teammate) refuses it.
DUPLICATE_LINK = "duplicate_link"


def _already_linked() -> ValidationError:
    return ValidationError("These two nodes are already linked.", code=DUPLICATE_LINK)


def link_validate(
    *,
    source: Node,
    target: Node,
    relation: str,
    target_link: Link | None = None,
    ignore: Link | None = None,
):
    """Raise ValidationError when source --relation--> target breaks a rule of the graph.

    An undercut names the link it attacks (``target_link``), a live supports or opposes
    link whose source is ``target``; no other relation names a link."""
    if source.map_id != target.map_id:
        raise ValidationError("Both ends of a link must be in the same map.")
    if source.pk == target.pk:
        raise ValidationError("A node cannot be linked to itself.")
    if source.is_deleted or target.is_deleted:
        raise ValidationError("One end of this link is in the trash.")
    if message := relation_error(relation, source.kind, target.kind):
        raise ValidationError(message)
    if relation == Relation.UNDERCUTS:
        _undercut_validate(source=source, target=target, target_link=target_link)
        duplicates = Link.objects.filter(source=source, target_link=target_link)
    elif target_link is not None:
        raise ValidationError("Only an undercut attacks a link; this relation joins two nodes.")
    else:
        duplicates = Link.objects.filter(source=source, target=target, target_link__isnull=True)
    if ignore is not None:
        duplicates = duplicates.exclude(pk=ignore.pk)
    if duplicates.exists():
        raise _already_linked()
    if _closes_cycle(source_id=source.pk, target_id=target.pk):
        raise ValidationError(
            "This link would make a cycle: the target already depends on this node."
        )


def _undercut_validate(*, source: Node, target: Node, target_link: Link | None) -> None:
    if target_link is None:
        raise ValidationError("An undercut needs the link whose inference it attacks.")
    if target_link.map_id != source.map_id or target_link.is_deleted:
        raise ValidationError("The link this undercut attacks is not a live link of this map.")
    if target_link.relation not in UNDERCUTTABLE:
        raise ValidationError(
            "Only the inference of a supporting or opposing link can be undercut."
        )
    if target_link.source_id != target.pk:
        raise ValidationError("An undercut hangs under the source of the link it attacks.")
    if source.pk == target_link.target_id:
        raise ValidationError("A conclusion cannot undercut its own inference.")


@transaction.atomic
def link_create(
    *,
    source: Node,
    target: Node,
    relation: str,
    rationale: str = "",
    author=None,
    target_link: Link | None = None,
) -> Link:
    """Link source to target (the parent in the tree) after checking every rule; an
    undercut also names the link it attacks (``target_link``, whose source is target)."""
    link_validate(source=source, target=target, relation=relation, target_link=target_link)
    link = Link(
        map_id=source.map_id,
        source=source,
        target=target,
        relation=relation,
        target_link=target_link,
        rationale=rationale,
        author=author,
    )
    _save_unique_link(link)
    return link


def _save_unique_link(link: Link, **save_options) -> None:
    """Save a link; a concurrent twin that won the race becomes a ValidationError.

    ``link_validate`` cannot see a twin that another transaction has not committed yet;
    the partial unique index ``one_live_link_per_pair`` can, and the savepoint keeps the
    caller's transaction usable after the refusal.
    """
    try:
        with transaction.atomic():
            link.save(**save_options)
    except IntegrityError as error:
        if "one_live_" in str(error) or "link.source_id, " in str(error):
            raise _already_linked() from error
        raise


@transaction.atomic
def node_create(
    *,
    map_obj: Map,
    kind: str,
    text: str,
    author=None,
    anchor: Anchor | None = None,
    parent: Node | None = None,
    relation: str | None = None,
    target_link: Link | None = None,
    **evidence,
) -> Node:
    """Create a node, anchored to article text when given, and link it under ``parent``
    (for an undercut, ``target_link`` is the link it attacks and ``parent`` its source)."""
    if not text.strip():
        raise ValidationError("A node needs some text.")
    if anchor is not None and anchor.article.workspace_id != map_obj.workspace_id:
        raise ValidationError("The quoted article belongs to another workspace.")
    node = Node(map=map_obj, kind=kind, text=text.strip(), author=author)
    for name, value in (anchor_fields(anchor) | evidence).items():
        setattr(node, name, value)
    node.full_clean(exclude=["map", "article", "author"])
    node.save()
    if anchor is not None:
        map_obj.articles.add(anchor.article)
    if parent is not None:
        link_create(
            source=node, target=parent, relation=relation, author=author, target_link=target_link
        )
    return node


def _claim_version(model, obj, expected_version: int | None) -> None:
    """Bump the row's version if it is still ``expected_version``; else raise StaleEdit.

    The conditional UPDATE is atomic in the database, so of two concurrent editors
    starting from the same version exactly one wins.
    """
    if expected_version is None:
        expected_version = obj.version
    claimed = model.all_objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit(model.all_objects.get(pk=obj.pk))
    obj.version = expected_version + 1


@transaction.atomic
def node_update(*, node: Node, expected_version: int | None = None, **changes) -> Node:
    """Change a node's text or evidence fields; StaleEdit if someone saved in between."""
    if "text" in changes and not str(changes["text"]).strip():
        raise ValidationError("A node needs some text.")
    _claim_version(Node, node, expected_version)
    for name, value in changes.items():
        setattr(node, name, value.strip() if name == "text" else value)
    node.full_clean(exclude=["map", "article", "author"])
    node.save()
    return node


@transaction.atomic
def link_update(
    *, link: Link, expected_version: int | None = None, relation=None, rationale=None
) -> Link:
    """Change a link's relation or rationale, keeping the kind rules. An undercut stays
    an undercut (it attacks a link, the other relations a node)."""
    if relation is not None and relation != link.relation:
        if Relation.UNDERCUTS in (relation, link.relation):
            raise ValidationError(
                "An undercut attacks a link, the other relations a node: delete this link "
                "and add the one you mean."
            )
        if link.undercuts.exists() and relation not in UNDERCUTTABLE:
            raise ValidationError("This link is undercut: it stays a support or an opposition.")
        if message := relation_error(relation, link.source.kind, link.target.kind):
            raise ValidationError(message)
        link.relation = relation
        if relation != Relation.OPPOSES:
            link.mutual = ""  # only an opposition holds both ways
    if rationale is not None:
        link.rationale = rationale
    _claim_version(Link, link, expected_version)
    link.save()
    return link


@transaction.atomic
def node_move(*, link: Link, new_parent: Node, relation: str | None = None) -> Link:
    """Hang ``link.source`` under another parent; refused if it would make a cycle. An
    undercut stays under the link it attacks."""
    relation = relation or link.relation
    if Relation.UNDERCUTS in (relation, link.relation):
        raise ValidationError(
            "An undercut stays under the link it attacks: delete it and add it where you mean."
        )
    link_validate(source=link.source, target=new_parent, relation=relation, ignore=link)
    link.target = new_parent
    link.relation = relation
    _claim_version(Link, link, link.version)
    _save_unique_link(link)
    return link


@transaction.atomic
def map_create(*, workspace: Workspace, title: str, root_kind: str, created_by=None, anchor=None):
    """A new map with its root node."""
    map_obj = Map.objects.create(workspace=workspace, title=title[:500], created_by=created_by)
    map_obj.root = node_create(
        map_obj=map_obj, kind=root_kind, text=title, author=created_by, anchor=anchor
    )
    map_obj.save(update_fields=["root"])
    return map_obj


@transaction.atomic
def map_import_article(*, workspace: Workspace, draft: ArticleDraft, user=None) -> Map:
    """Store an article and turn its split into a map, all or nothing.

    The title becomes the root (of the draft's ``root_kind``, anchored to the title's words
    unless the analyst rewrote it); open questions hang under it; the claims are created
    unplaced, for the analyst to arrange.
    """
    article = article_create(workspace=workspace, draft=draft, imported_by=user)
    split = draft.split
    root_kind = draft.root_kind or (split.title.kind if split.title else NodeKind.CLAIM)
    if root_kind not in (NodeKind.CLAIM, NodeKind.QUESTION):
        raise ValidationError("The root is a claim or a question.")
    # The root quotes the title only while it still says the title's words.
    quoted = split.title and article.title == split.title.text
    root_anchor = Anchor(article, split.title.start, split.title.end) if quoted else None
    map_obj = map_create(
        workspace=workspace,
        title=article.title,
        root_kind=root_kind,
        created_by=user,
        anchor=root_anchor,
    )
    map_obj.articles.add(article)
    units = unit_nodes(map_obj=map_obj, article=article, units=split.sentences, user=user)
    nodes = bulk_create_with_history(units, Node)
    bulk_create_with_history(root_questions(map_obj=map_obj, nodes=nodes, user=user), Link)
    return map_obj


def unit_nodes(*, map_obj: Map, article: Article, units, user=None) -> list[Node]:
    """Unsaved nodes of an article's argument units (``Sentence``s of its split), each
    anchored at its words in the article and not yet placed in the tree."""
    return [
        Node(
            map=map_obj,
            kind=unit.kind,
            text=unit.text,
            author=user,
            **anchor_fields(Anchor(article, unit.start, unit.end)),
        )
        for unit in units
    ]


def root_questions(*, map_obj: Map, nodes: list[Node], user=None) -> list[Link]:
    """Unsaved links that hang the questions among ``nodes`` (saved) under the map's root:
    how an article's open questions join a map."""
    return [
        Link(
            map=map_obj,
            source=node,
            target_id=map_obj.root_id,
            relation=Relation.QUESTIONS,
            author=user,
        )
        for node in nodes
        if node.kind == NodeKind.QUESTION
    ]
