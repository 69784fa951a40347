"""The suggestions' parts of other pages, registered in ``SuggestionsConfig.ready``:
the panel beside the map's tree, and the draft tree of the article import preview."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from argmap.analysis import drafts, structure
from argmap.maps.models import Node, NodeKind
from argmap.maps.page_parts import ImportDraft
from argmap.maps.services import link_create
from argmap.params import parse_count
from argmap.suggestions.drafting import draft_units
from argmap.teams.permissions import Action, can

NOT_PLACED = ""
# Sentences drafted within the preview's request (about two seconds of model time); a
# longer article is saved untouched and gets its suggestions on the map page, where the
# sentences beyond one request's share are read in the background.
DRAFT_MAX_UNITS = 300


def suggestions_panel(request, map_obj) -> str:
    """For editors: a panel that loads its suggestions on its own request (the map page
    itself costs no query more). Viewers and commenters get nothing."""
    if not can(request.user, Action.EDIT, map_obj.workspace_id):
        return ""
    return render_to_string("suggestions/_placeholder.html", {"map": map_obj}, request=request)


# -- the draft tree of the import preview -------------------------------------------------


def _rows(draft) -> dict:
    """The preview's rows in the order of the suggested tree, each with its choices."""
    sentences = draft.split.sentences
    if not sentences:
        return {}
    if len(sentences) > DRAFT_MAX_UNITS:
        return {"too_long": len(sentences)}
    title_kind = draft.split.title.kind if draft.split.title else NodeKind.CLAIM
    result, _ = draft_units(
        sentences, title=draft.title or None, title_kind=title_kind, title_is_root=True
    )
    chosen = drafts.tree_choice(result)
    children: dict = {}
    for index, suggestion in enumerate(chosen):
        children.setdefault(suggestion.parent if suggestion else None, []).append(index)
    rows, stack = [], [(index, 1) for index in reversed(children.get(structure.ROOT, []))]
    while stack:
        index, depth = stack.pop()
        rows.append((index, depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(index, [])))
    placed = {index for index, _ in rows}
    rows += [(index, 1) for index in range(len(sentences)) if index not in placed]
    out = []
    for index, depth in rows:
        sentence, best = sentences[index], chosen[index]
        options = []
        for suggestion in ([best] if best else []) + result.suggestions[index]:
            value = _value(sentences, suggestion)
            if value not in {option["value"] for option in options}:
                options.append(_option(sentences, draft.title, suggestion, value))
        out.append({"sentence": sentence, "depth": min(depth, 6), "best": best, "options": options})
    return {"rows": out, "title": draft.title}


def _value(sentences, suggestion) -> str:
    parent = suggestion.parent
    where = "root" if parent == structure.ROOT else str(sentences[parent].start)
    return f"{where}|{suggestion.relation}"


def _option(sentences, title, suggestion, value) -> dict:
    parent = suggestion.parent
    text = title if parent == structure.ROOT else sentences[parent].text
    return {
        "value": value,
        "label": f"{suggestion.relation} “{structure.short(text, 70)}”",
        "reason": suggestion.reason,
    }


def import_draft_preview(request, draft) -> str:
    return render_to_string("suggestions/_import_draft.html", _rows(draft), request=request)


def import_draft_apply(request, draft, map_obj) -> int:
    """Make the links the analyst kept in the preview's draft tree. A row that no longer
    fits (its sentence left out, a kind changed, a cycle made by an edited row) is left
    unplaced. Returns how many links were made."""
    if request.POST.get("draft") != "accept":
        return 0
    nodes = {
        node.anchor_start: node
        for node in Node.objects.filter(map=map_obj).exclude(pk=map_obj.root_id)
    }
    made = 0
    for start, node in sorted(nodes.items()):
        where, _, relation = request.POST.get(f"draft-{start}", NOT_PLACED).partition("|")
        if node.kind == NodeKind.QUESTION or not relation:
            continue  # questions already hang under the root
        parent = (
            map_obj.root
            if where == "root"
            else nodes.get(parse_count(where, default=-1, maximum=10**9))
        )
        if parent is None:
            continue
        try:
            link_create(source=node, target=parent, relation=relation, author=request.user)
        except ValidationError:
            continue
        made += 1
    return made


IMPORT_DRAFT = ImportDraft(preview=import_draft_preview, apply=import_draft_apply)
