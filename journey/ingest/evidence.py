"""What every row of a file says about each column: its distinct values, counted, capped.

The suggestions of the upload page and of `inspect` rest on this, not on the first rows: a
"not applicable" 0 or a rare label first seen at line 308 is evidence too. One pass, column by
column over chunks of rows, with C-level counting; a column is no longer counted once it has
more distinct values than any scale or segment would (free text, ids, distances).
"""

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

MAX_DISTINCT = 500
CHUNK_ROWS = 20_000


@dataclass
class ColumnEvidence:
    """One column's values over the whole file (counts of the raw cells, until the cap)."""

    counts: Counter[str] = field(default_factory=Counter)
    first_line: dict[str, int] = field(default_factory=dict)
    overflow: bool = False  # more than MAX_DISTINCT distinct values: not a scale, not a segment
    unique: bool = False  # at the overflow, no value had been given twice

    def values(self) -> Counter[str]:
        """Filled values (surrounding spaces ignored) and how often each was given."""
        merged: Counter[str] = Counter()
        for value, count in self.counts.items():
            if cleaned := value.strip():
                merged[cleaned] += count
        return merged

    def first_seen(self, value: str) -> int | None:
        """The line where a value (as `values` gives it) was first given."""
        lines = [line for raw, line in self.first_line.items() if raw.strip() == value]
        return min(lines) if lines else None

    def add(self, values: Sequence[str], lines: Sequence[int]) -> None:
        """Count one chunk of the column's cells."""
        if self.overflow:
            return
        new = set(values).difference(self.counts)
        if new:
            for index, value in enumerate(values):
                if value in new:
                    self.first_line[value] = lines[index]
                    new.discard(value)
                    if not new:
                        break
        self.counts.update(values)
        if len(self.counts) > MAX_DISTINCT:
            filled = [count for value, count in self.counts.items() if value.strip()]
            self.overflow, self.unique = True, max(filled, default=0) == 1


def column_evidence(
    width: int,
    rows: Iterable[tuple[int, list[str]]],
    *,
    keep: int = 0,
    on_chunk: Callable[[int], None] | None = None,
) -> tuple[list[ColumnEvidence], int, list[list[str]]]:
    """Evidence for each of `width` columns from every row; the row count; the first `keep` rows.

    `on_chunk(rows_so_far)` is called after each chunk, for a progress bar.
    """
    evidence = [ColumnEvidence() for _ in range(width)]
    first: list[list[str]] = []
    count = 0
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK_ROWS)):
        if len(first) < keep:
            first += [row for _, row in chunk[: keep - len(first)]]
        count += len(chunk)
        lines = [line for line, _ in chunk]
        padded = [(row + [""] * width)[:width] if len(row) != width else row for _, row in chunk]
        for column, values in zip(evidence, zip(*padded, strict=True), strict=True):
            column.add(values, lines)
        if on_chunk is not None:
            on_chunk(count)
    return evidence, count, first


def evidence_of_rows(width: int, rows: Sequence[Sequence[str]]) -> list[ColumnEvidence]:
    """Evidence from rows in memory (numbered from line 2), as for a file of only these rows."""
    numbered = [(line, list(row)) for line, row in enumerate(rows, start=2)]
    return column_evidence(width, numbered)[0]
