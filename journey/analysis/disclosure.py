"""Complementary suppression: no small group shows, and none can be worked out by subtraction.

A split (stages × personas, stages × waves, stages × personas × waves…) is released with its
margins (each stage's total over the personas, say). Hiding the cells of fewer than k
respondents is not enough: the margin minus the visible cells gives a lone hidden cell back.
So, per line of the table (the cells one released margin adds up), more cells are hidden until

- no visible cell has 0 < size < k (primary suppression);
- the hidden cells of a line number two or more and together reach k (their sum is derivable,
  so it must be as safe as a cell);
- no hidden cell is determined by the released margins and the visible cells, checked as a
  linear system: a hidden cell is determined when its unit vector lies in the row space of the
  margins' incidence matrix over the hidden cells.

Cells of size 0 are known to be empty and released as such. A margin whose line has no cell
left to hide beside a lone hidden one cannot be released: it is reported as withheld.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

TOLERANCE = 1e-9


@dataclass(frozen=True)
class Protection:
    """Which cells to hide (a boolean Series on the table's index) and which margins to withhold."""

    hidden: pd.Series
    withheld: frozenset[tuple[tuple[str, ...], tuple[object, ...]]]  # (margin keys, values)


def _lines(
    table: pd.DataFrame, margins: Sequence[Sequence[str]]
) -> list[tuple[tuple[str, ...], tuple[object, ...], np.ndarray]]:
    """Every released margin's line: (margin keys, their values, positions of its cells)."""
    lines: list[tuple[tuple[str, ...], tuple[object, ...], np.ndarray]] = []
    for keys in margins:
        key_tuple = tuple(keys)
        if not key_tuple:
            lines.append(((), (), np.arange(len(table))))
            continue
        by = key_tuple[0] if len(key_tuple) == 1 else list(key_tuple)
        for values, rows in table.groupby(by, sort=True).indices.items():
            value_tuple = values if isinstance(values, tuple) else (values,)
            lines.append((key_tuple, value_tuple, np.asarray(rows)))
    return lines


def determined(incidence: np.ndarray) -> np.ndarray:
    """Which columns (hidden cells) the rows (released margins) determine uniquely."""
    if incidence.size == 0:
        return np.zeros(incidence.shape[1], dtype=bool)
    _, singular, vt = np.linalg.svd(incidence, full_matrices=True)
    rank = int((singular > TOLERANCE * max(1.0, singular.max(initial=0))).sum())
    null = vt[rank:]  # the null space: the unknowns' directions the margins cannot see
    if len(null) == 0:
        return np.ones(incidence.shape[1], dtype=bool)
    return np.asarray(np.abs(null).max(axis=0) < 1e-7, dtype=bool)


def protect(
    table: pd.DataFrame,
    *,
    margins: Sequence[Sequence[str]],
    k: int,
    size: str = "respondents",
    also: Sequence[bool] | None = None,
) -> Protection:
    """The cells to hide in `table` (one row per cell) released with these margins.

    `margins` names the key columns of each released margin: `[["stage"]]` for a stage ×
    persona split released with each stage's total; `[["stage", "wave"], ["stage",
    "persona"], ["stage"]]` for a stage × persona × wave cube with its margins. `also` marks
    cells hidden for another reason (their complement under a filter is small), protected
    like the small ones.
    """
    sizes = table[size].to_numpy(dtype=float)
    hidden = (sizes > 0) & (sizes < k)
    if also is not None:
        hidden |= np.asarray(also, dtype=bool) & (sizes > 0)
    lines = _lines(table.reset_index(drop=True), margins)
    withheld: set[tuple[tuple[str, ...], tuple[object, ...]]] = set()
    for _ in range(len(table) + len(lines) + 1):
        changed = False
        for keys, values, rows in lines:
            if (keys, values) in withheld:
                continue
            own = rows[hidden[rows]]
            if len(own) == 0 or (len(own) >= 2 and sizes[own].sum() >= k):
                continue
            changed |= _hide_one_more(rows, hidden, sizes, withheld, (keys, values))
        released = [(rows, (keys, values)) for keys, values, rows in lines
                    if (keys, values) not in withheld]  # fmt: skip
        columns = np.flatnonzero(hidden)
        if len(columns):
            incidence = np.array(
                [np.isin(columns, rows).astype(float) for rows, _ in released]
            ).reshape(len(released), len(columns))
            for cell in columns[determined(incidence)]:
                line = next(
                    (
                        (rows, name)
                        for rows, name in released
                        if cell in rows and (~hidden[rows] & (sizes[rows] > 0)).any()
                    ),
                    None,
                )
                if line is None:  # every line through it is all hidden: withhold one
                    line = next((rows, name) for rows, name in released if cell in rows)
                    withheld.add(line[1])
                    changed = True
                else:
                    changed |= _hide_one_more(line[0], hidden, sizes, withheld, line[1])
                break
        if not changed:
            break
    return Protection(pd.Series(hidden, index=table.index), frozenset(withheld))


def _hide_one_more(
    rows: np.ndarray,
    hidden: np.ndarray,
    sizes: np.ndarray,
    withheld: set[tuple[tuple[str, ...], tuple[object, ...]]],
    line: tuple[tuple[str, ...], tuple[object, ...]],
) -> bool:
    """Hide the smallest visible non-empty cell of the line; withhold the line if none is left."""
    candidates = rows[~hidden[rows] & (sizes[rows] > 0)]
    if len(candidates) == 0:
        withheld.add(line)
        return True
    hidden[candidates[np.argmin(sizes[candidates])]] = True
    return True
