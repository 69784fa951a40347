"""Texts that say the same thing, found among many stored vectors with one matrix product.

Vectors are unit length (``embeddings``), so ``stored @ new.T`` is every cosine similarity
at once: 10,000 stored sentences against one new one is a 10,000 x 384 product, about a
millisecond.
"""

import numpy as np

from argmap.analysis.markers import negations

# all-MiniLM-L6-v2 puts close paraphrases of one news sentence at 0.70-0.95, and different
# sentences on the same topic mostly at 0.2-0.65 (looser rewordings fall below too).
SAME = 0.70
# Nearly the same words but one side denies what the other says ("did" / "did not").
CONTRADICTION = 0.70


def nearest(
    new: np.ndarray, stored: np.ndarray, *, threshold: float = SAME, per_item: int = 3
) -> list[list[tuple[int, float]]]:
    """For each row of ``new``: (row of ``stored``, similarity) at or above the threshold,
    best first, at most ``per_item``."""
    if not len(new) or not len(stored):
        return [[] for _ in range(len(new))]
    sims = new @ stored.T
    out = []
    for row in sims:
        k = min(per_item, len(row))
        best = np.argpartition(-row, k - 1)[:k]
        best = best[np.argsort(-row[best], kind="stable")]
        out.append([(int(j), float(row[j])) for j in best if row[j] >= threshold])
    return out


def contradicts(text: str, other: str, similarity: float) -> bool:
    """Whether two close texts differ in negation: one says what the other denies."""
    return similarity >= CONTRADICTION and (negations(text) > 0) != (negations(other) > 0)
