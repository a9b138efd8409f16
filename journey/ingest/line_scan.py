"""Whether a delimited file is simple enough to be parsed in C with exact line numbers.

Simple means every line is one row of the header's width: no line break inside quotes, no
blank line, no lone carriage return, no line longer than a cell may be, and quotes only
where the row reader accepts them (a quoted field opens at the start of a cell and closes at
its end; a doubled quote inside it is one quote). The scan runs over the bytes with numpy,
block by block, carrying what it needs across block boundaries.
"""

from typing import BinaryIO, NamedTuple

import numpy as np

from journey.ingest import limits

SCAN_BLOCK = 1 << 21
_QUOTE, _NEWLINE, _RETURN = ord('"'), ord("\n"), ord("\r")
_BOM = b"\xef\xbb\xbf"


class LineCount(NamedTuple):
    """The lines of a simple file, and how many of them hold only empty cells (which the
    row reader skips: they are not rows)."""

    lines: int
    empty: int


def simple_line_count(stream: BinaryIO, delimiter: str, width: int) -> LineCount | None:
    """How many lines the file has when it is simple (above); None when it is not."""
    separator = ord(delimiter)
    stream.seek(0)  # the caller puts the stream back where it wants it
    quoted = 0  # 1 while inside quotes at the end of the bytes seen so far
    fields_open = 0  # separators outside quotes on the line being read
    lines, tail, empty = 0, 0, 0  # tail: bytes after the last line break
    previous = _NEWLINE  # the byte before the block (the start of the file reads as a break)
    closing = False  # the previous block ended on a closing quote
    first = True
    while block := stream.read(SCAN_BLOCK):
        if first and block.startswith(_BOM):
            block = block[len(_BOM) :]
        first = False
        if not block:
            continue
        data = np.frombuffer(block, dtype=np.uint8)
        if previous == _RETURN and data[0] != _NEWLINE:
            return None
        returns = np.flatnonzero(data[:-1] == _RETURN)
        if returns.size and not (data[returns + 1] == _NEWLINE).all():
            return None
        if closing and data[0] not in (separator, _NEWLINE, _RETURN, _QUOTE):
            return None
        quotes = data == _QUOTE
        if quotes.any():
            parity = (np.cumsum(quotes, dtype=np.int32) + quoted) & 1
            if not _quotes_in_place(data, parity, separator, previous):
                return None
            outside = parity == 0
            quoted = int(parity[-1])
            closing = bool(quotes[-1]) and not quoted
        elif quoted:
            return None  # a whole block inside quotes: a quoted line break, or a stray quote
        else:
            outside = np.ones(len(data), dtype=bool)
            closing = False
        breaks = np.flatnonzero(data == _NEWLINE)
        if breaks.size and not outside[breaks].all():
            return None
        separators = np.cumsum((data == separator) & outside, dtype=np.int32)
        if breaks.size:
            ends = separators[breaks]
            per_line = np.diff(ends, prepend=0)
            per_line[0] += fields_open
            if (per_line != width - 1).any():
                return None
            lengths = np.diff(breaks, prepend=-1 - tail)
            if int(lengths.max()) > limits.MAX_CELL_CHARS:
                return None
            # A line of separators only, whatever its line break: every cell empty.
            with_return = np.where(
                breaks > 0, data[np.maximum(breaks - 1, 0)] == _RETURN, previous == _RETURN
            )
            empty += int(np.count_nonzero(lengths - with_return == width))
            fields_open = int(separators[-1] - ends[-1])
            lines += int(breaks.size)
            tail = len(data) - 1 - int(breaks[-1])
        else:
            fields_open += int(separators[-1])
            tail += len(data)
        previous = int(data[-1])
    if quoted or previous == _RETURN or tail > limits.MAX_CELL_CHARS:
        return None
    if tail:  # a last line without its line break
        if fields_open != width - 1:
            return None
        lines += 1
        empty += tail == width - 1
    return LineCount(lines, empty)


def _quotes_in_place(data: np.ndarray, parity: np.ndarray, separator: int, previous: int) -> bool:
    """Every quote that opens a quoted stretch follows a cell's start (or another quote), and
    every quote that closes one comes before a cell's end (or another quote): `"abc"def` and
    `x"y` are left to the row reader, which refuses or keeps them as it always has."""
    found = np.flatnonzero(data == _QUOTE)
    opens = parity[found] == 1
    before = np.where(found > 0, data[np.maximum(found - 1, 0)], previous)
    last = len(data) - 1
    after = np.where(found < last, data[np.minimum(found + 1, last)], _QUOTE)  # checked later
    starts = np.isin(before, (separator, _NEWLINE, _QUOTE))
    ends = np.isin(after, (separator, _NEWLINE, _RETURN, _QUOTE))
    return bool(starts[opens].all() and ends[~opens].all())
