"""Peaks and valleys of an emotion curve (DESIGN.md section 4)."""

from collections.abc import Sequence

DEFAULT_MIN_N = 30  # stages with fewer responses are "low sample": shown, never ranked
PEAK = "peak"
VALLEY = "valley"


def peaks_and_valleys(means: Sequence[float | None], eligible: Sequence[bool]) -> list[str | None]:
    """Mark each stage `peak`, `valley` or None, comparing it with its nearest eligible neighbours.

    Ineligible stages (low sample or no data) are neither, and are skipped as neighbours.
    A stage is a peak when strictly above every neighbour it has, a valley when strictly
    below; a stage with no eligible neighbour is neither.
    """
    kept = [i for i, ok in enumerate(eligible) if ok and means[i] is not None]
    shapes: list[str | None] = [None] * len(means)
    for rank, index in enumerate(kept):
        value = means[index]
        neighbours = [means[kept[j]] for j in (rank - 1, rank + 1) if 0 <= j < len(kept)]
        if not neighbours or value is None:
            continue
        if all(value > other for other in neighbours if other is not None):
            shapes[index] = PEAK
        elif all(value < other for other in neighbours if other is not None):
            shapes[index] = VALLEY
    return shapes
