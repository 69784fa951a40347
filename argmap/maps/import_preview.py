"""The import preview's state between requests: the units it showed, carried as offsets
and checked against the text, and its merge and split buttons. Parses the posted form and
calls the articles area's rules (``argmap.articles.units``)."""

import hashlib
from dataclasses import replace

from django.core.exceptions import ValidationError

from argmap.articles.units import (
    CHANGED,
    units_from_offsets,
    units_merge,
    units_split,
    units_split_before,
)

# Errors of a merge or split: the preview is shown again with the message.
UNIT_EDIT_CODES = ("no_unit", "edge", "words")


def digest(body: str) -> str:
    """A fingerprint of the previewed text: posted units apply only to that text."""
    return hashlib.sha256(body.encode()).hexdigest()


def carry_units(draft, post) -> None:
    """Use the units of the preview the analyst corrected (posted as offsets), as long as
    the text is the one that was previewed; otherwise keep the fresh split."""
    if post.get("units-of") != digest(draft.body):
        return
    rows = []
    for index in range(len(draft.body)):
        value = post.get(f"unit-{index}")
        if value is None:
            break
        try:
            start, end, inside = (int(part) for part in value.split(":"))
        except ValueError:
            raise ValidationError(CHANGED) from None
        rows.append((start, end, bool(inside)))
    draft.split = replace(draft.split, units=units_from_offsets(draft.body, rows))


def edit_units(draft, post) -> bool:
    """Apply the preview's merge or split button; whether one was pressed."""
    if (merge := post.get("merge")) is not None:
        draft.split = units_merge(draft.split, draft.body, _index(merge))
        return True
    if (split := post.get("split")) is not None:
        index = _index(split)
        at = post.get("split-at", "")
        if at.isascii() and at.isdecimal():  # the script's click: an offset into the body
            draft.split = units_split(draft.split, draft.body, index, int(at))
        else:
            words = post.get(f"split-words-{index}", "")
            draft.split = units_split_before(draft.split, draft.body, index, words)
        return True
    return False


def _index(value: str) -> int:
    if not (value.isascii() and value.isdecimal()):
        raise ValidationError("There is no unit there.")
    return int(value)


def kept_choices(draft, post, edited: bool, choices) -> dict:
    """The kinds chosen in the preview, carried to the next preview while the units stay
    the same (after a merge or split the kinds are found again)."""
    if edited or post.get("units-of") != digest(draft.body):
        return {}
    return {
        index: post.get(f"kind-{index}")
        for index in range(len(draft.split.units))
        if post.get(f"kind-{index}") in dict(choices)
    }
