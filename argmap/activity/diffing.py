"""Word-level differences between two texts, as runs a template can show escaped."""

import difflib
import re
from dataclasses import dataclass

TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Run:
    text: str
    change: str  # "same", "added" or "removed"


def word_diff(before: str, after: str) -> list[Run]:
    """How ``after`` differs from ``before``, word by word."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    runs: list[Run] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(Run("".join(old[i1:i2]), "same"))
            continue
        if i2 > i1:
            runs.append(Run("".join(old[i1:i2]), "removed"))
        if j2 > j1:
            runs.append(Run("".join(new[j1:j2]), "added"))
    return runs
