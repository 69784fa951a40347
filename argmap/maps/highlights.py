"""Cut an article's body into runs of text, each marked with the nodes anchored there."""

from dataclasses import dataclass


@dataclass(slots=True)
class Run:
    text: str
    start: int
    nodes: tuple  # the anchored nodes covering this run, innermost (shortest) first
    unit_start: bool = False  # an argument unit starts here, inside a sentence

    @property
    def kinds(self) -> str:
        return " ".join(sorted({node.kind for node in self.nodes}))

    @property
    def nested(self) -> bool:
        """Whether more than one anchor covers this run (words inside another highlight)."""
        return len(self.nodes) > 1

    @property
    def lead(self):
        return self.nodes[0] if self.nodes else None


def highlight_runs(body: str, anchored, unit_starts=frozenset()) -> list[Run]:
    """Runs of ``body`` split at every anchor boundary and at each of ``unit_starts``
    (where a unit starts inside a sentence, marked on its run); overlapping anchors nest.

    ``anchored`` holds objects with ``anchor_start``, ``anchor_end`` and ``kind``.
    """
    anchored = [a for a in anchored if a.anchor_start is not None and a.anchor_end]
    unit_starts = {start for start in unit_starts if 0 < start < len(body)}
    boundaries = {a.anchor_start for a in anchored} | {a.anchor_end for a in anchored}
    boundaries |= unit_starts
    cuts = sorted({0, len(body)} | boundaries)
    by_start = sorted(anchored, key=lambda a: a.anchor_start)
    runs, active, next_index = [], [], 0
    for start, end in zip(cuts, cuts[1:], strict=False):
        if start >= len(body):
            break
        while next_index < len(by_start) and by_start[next_index].anchor_start <= start:
            active.append(by_start[next_index])
            next_index += 1
        active = [a for a in active if a.anchor_end > start]
        covering = tuple(sorted(active, key=lambda a: a.anchor_end - a.anchor_start))
        runs.append(Run(body[start:end], start, covering, start in unit_starts))
    return runs
