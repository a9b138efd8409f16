"""The long format read at C speed: pyarrow parses whole blocks, and each column's distinct
values are judged once (by the same verdicts as the row-by-row reader), then spread to the
rows with numpy.

Only a file whose every line is one row of the header's width qualifies (line_scan.py
checks the bytes first, before any row is used): there a row's line number is its position,
so rejects name the same lines as the row-by-row reader, which reads every other file.
"""

from collections.abc import Callable, Iterator, Sequence
from typing import Any, BinaryIO, overload

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from journey.errors import FileRefused
from journey.ingest.batches import ResponseBatch
from journey.ingest.drafts import UnreadDate
from journey.ingest.long_format import CHUNK_ROWS, CellVerdicts, column_positions
from journey.ingest.reading import Table, simple_lines
from journey.ingest.rejects import Reject
from journey.ingest.scales import Scale
from journey.store.lookups import StageIndex

_READ_BLOCK = 1 << 19  # parsed at once (one thread: as fast here, and less memory)
_ENCODINGS = ("utf-8", "utf-8-sig")
Item = ResponseBatch | Reject | UnreadDate


def columnar_long_batches(
    stream: BinaryIO, table: Table, stages: StageIndex, scale: Scale
) -> Iterator[Item] | None:
    """The long file's batches and rejects, as `long_batches` gives them; None when the file
    does not qualify (then the row-by-row reader must read it)."""
    positions = column_positions(table)  # refuses a file without its required columns
    found = simple_lines(stream, table, _ENCODINGS)
    if found is None:
        return None
    table.position.total_rows = found.lines  # known exactly: each line is a row
    return _Reader(stream, table, positions, CellVerdicts(stages, scale)).batches()


class _Column:
    """One column of a block, dictionary-encoded: its distinct values and each row's code."""

    def __init__(self, values: list[str], codes: np.ndarray) -> None:
        self.values, self.codes = values, codes

    @classmethod
    def encode(cls, array: pa.Array) -> "_Column":
        encoded = array.dictionary_encode()
        return cls(encoded.dictionary.to_pylist(), encoded.indices.to_numpy(zero_copy_only=False))

    def spread(self, per_value: Sequence[object]) -> list[Any]:
        """Each row's entry of a list that has one entry per distinct value."""
        return _objects(per_value)[self.codes].tolist()  # type: ignore[no-any-return]

    def rows_where(self, per_value: Sequence[bool]) -> np.ndarray:
        """The rows whose value has the property."""
        return np.flatnonzero(np.array(per_value, dtype=bool)[self.codes])

    def value(self, row: int) -> str:
        return self.values[int(self.codes[row])]

    def restrict(self, rows: np.ndarray) -> None:
        self.codes = self.codes[rows]


class _SourceRows(Sequence[tuple[str, ...]]):
    """The rows of a block as the file has them, rebuilt one by one when a reject needs one."""

    def __init__(self, columns: list[_Column]) -> None:
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns[0].codes)

    @overload
    def __getitem__(self, row: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, row: slice) -> list[tuple[str, ...]]: ...
    def __getitem__(self, row: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(row, slice):
            return [self[i] for i in range(len(self))[row]]
        return tuple(column.value(row) for column in self.columns)


class _Reader:
    def __init__(
        self, stream: BinaryIO, table: Table, positions: dict[str, int], cells: CellVerdicts
    ) -> None:
        self.stream, self.table, self.positions, self.cells = stream, table, positions, cells
        self.width = len(table.header)
        self.attribute_indexes = [i for i in range(self.width) if i not in positions.values()]

    def batches(self) -> Iterator[Item]:
        names = [f"c{i}" for i in range(self.width)]
        self.stream.seek(0)
        reader = pacsv.open_csv(
            self.stream,
            read_options=pacsv.ReadOptions(
                skip_rows=1, column_names=names, block_size=_READ_BLOCK, use_threads=False
            ),
            parse_options=pacsv.ParseOptions(delimiter=self.table.delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
        position = self.table.position
        first_line = 2  # the header is line 1, and each line is one row
        for chunk in _chunks(self._blocks(reader, first_line)):
            position.rows = first_line + chunk.num_rows - 1
            yield from self._block(chunk, first_line)
            first_line += chunk.num_rows

    def _blocks(
        self, reader: pacsv.CSVStreamingReader, first_line: int
    ) -> Iterator[pa.RecordBatch]:
        """The parsed blocks; a parse error (which the scan should have made impossible) is a
        refusal of the file, never a traceback."""
        while True:
            try:
                block = reader.read_next_batch()
            except StopIteration:
                return
            except pa.ArrowInvalid as error:
                reason = f"broken CSV structure: {str(error).splitlines()[0]}"
                raise FileRefused(self.table.file_name, reason, first_line) from None
            first_line += block.num_rows
            yield block

    def _block(self, block: pa.RecordBatch, first_line: int) -> Iterator[Item]:
        columns = [_Column.encode(block.column(i)) for i in range(self.width)]
        lines = np.arange(first_line, first_line + block.num_rows)
        filled = np.zeros(block.num_rows, dtype=bool)
        for column in columns:
            filled[column.rows_where([value != "" for value in column.values])] = True
        if not filled.all():  # a line of empty cells is not a row
            kept = np.flatnonzero(filled)
            for column in columns:
                column.restrict(kept)
            lines = lines[kept]
        if lines.size:
            yield from _Block(self, columns, lines.tolist()).items()

    def name(self, key: str) -> str:
        return self.table.header[self.positions[key]]


class _Block:
    """The rows of one block judged: their rejects, unread dates and the batch to store."""

    def __init__(self, reader: _Reader, columns: list[_Column], lines: list[int]) -> None:
        self.reader, self.columns, self.lines = reader, columns, lines
        self.cells, self.count = reader.cells, len(lines)

    def column(self, key: str) -> _Column:
        """The file's column, or an empty one when the file has none."""
        found = self.reader.positions.get(key)
        if found is None:
            return _Column([""], np.zeros(self.count, dtype=np.int64))
        return self.columns[found]

    def judged(self, key: str, judge: Callable[[str], tuple[object, ...]]) -> list[Any]:
        """The verdict on each row's value in the column."""
        return self.column(key).spread([judge(value) for value in self.column(key).values])

    def stripped(self, key: str) -> list[str]:
        return self.column(key).spread([value.strip() for value in self.column(key).values])

    def items(self) -> Iterator[Item]:
        cells, count, name = self.cells, self.count, self.reader.name
        stages = self.judged("stage", cells.stage.verdict)
        touchpoints = self._touchpoints(stages)
        emotions = self.judged("emotion", cells.emotion.verdict)
        expectations = self.judged("expectation", cells.expectation.verdict)
        dates = self.judged("responded_at", cells.date.verdict)
        respondents = self.stripped("respondent_id")

        # The first problem of each row, in the order a person reads the row.
        problems: dict[int, tuple[str, str]] = {}
        if not all(respondents):
            for row, respondent in enumerate(respondents):
                if not respondent:
                    problems[row] = (name("respondent_id"), "missing respondent id")
        for key, verdicts in (
            ("stage", stages),
            ("touchpoint", touchpoints),
            ("emotion", emotions),
            ("expectation", expectations),
        ):
            for row, verdict in enumerate(verdicts):
                if verdict[-1] is not None:
                    problems.setdefault(row, (name(key), str(verdict[-1])))
        for row, (emotion, expectation) in enumerate(zip(emotions, expectations, strict=True)):
            if emotion[1] is None and expectation[0] is None:
                reason = "empty: neither an emotion nor an expectation"
                problems.setdefault(row, (name("emotion"), reason))
        for row, verdict in enumerate(dates):
            if verdict[-1] is not None and row not in problems:
                # An unreadable date never rejects a response: it is kept without its date.
                text = self.column("responded_at").value(row).strip()
                yield UnreadDate(self.lines[row], name("responded_at"), text)
        source = _SourceRows(self.columns)
        for row in sorted(problems):
            column, reason = problems[row]
            yield Reject(self.lines[row], column, reason, source[row])

        batch = ResponseBatch(
            lines=self.lines,
            columns=[name("emotion")] * count,
            fields=source,
            respondent_id=respondents,
            persona=self.stripped("persona"),
            stage_id=[verdict[0] for verdict in stages],
            touchpoint_id=[point[0] for point in touchpoints],
            channel=[
                given or point[1] or None
                for given, point in zip(self.stripped("channel"), touchpoints, strict=True)
            ],
            emotion=[verdict[1] for verdict in emotions],
            raw_value=[verdict[0] for verdict in emotions],
            scale_min=[cells.scale.min] * count,
            scale_max=[cells.scale.max] * count,
            expectation=[verdict[0] for verdict in expectations],
            comment=[text or None for text in self.stripped("comment")],
            responded_at=[verdict[0] for verdict in dates],
            attributes=self._attributes(),
        )
        if problems:
            batch = batch.select([row for row in range(count) if row not in problems])
        if len(batch):
            yield batch

    def _touchpoints(self, stages: list[tuple[object, ...]]) -> list[Any]:
        """Each row's touchpoint verdict, judged once per distinct (stage, touchpoint) pair."""
        stage, touchpoint = self.column("stage"), self.column("touchpoint")
        pairs = stage.codes.astype(np.int64) * len(touchpoint.values) + touchpoint.codes
        distinct, first_rows, inverse = np.unique(pairs, return_index=True, return_inverse=True)
        verdicts = [
            self.cells.touchpoint(stages[row][0], touchpoint.value(row))
            for row in first_rows.tolist()
        ]
        return _Column([], inverse.reshape(-1)).spread(verdicts)

    def _attributes(self) -> list[str | None]:
        """Each row's attributes: one JSON text per distinct combination of the other columns."""
        indexes = self.reader.attribute_indexes
        if not indexes:
            return [None] * self.count
        chosen = [self.columns[i] for i in indexes]
        combined = np.zeros(self.count, dtype=np.int64)
        for column in chosen:  # renumbered after each column, so the codes never overflow
            combined = combined * len(column.values) + column.codes
            combined = np.unique(combined, return_inverse=True)[1].reshape(-1)
        first_rows = np.unique(combined, return_index=True)[1]
        names = [self.reader.table.header[i] for i in indexes]
        texts = [
            self.cells.attributes_text(names, tuple(column.value(row) for column in chosen))
            for row in first_rows.tolist()
        ]
        return _Column([], combined).spread(texts)


def _chunks(blocks: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """The parsed blocks regrouped into chunks of CHUNK_ROWS rows (the last one shorter): a
    bulk insert per chunk, as the row reader stores them, whatever the block size."""
    pending = None
    for block in blocks:
        table = pa.Table.from_batches([block])
        pending = table if pending is None else pa.concat_tables([pending, table])
        while pending.num_rows >= CHUNK_ROWS:
            yield _one_batch(pending.slice(0, CHUNK_ROWS))
            pending = pending.slice(CHUNK_ROWS)
    if pending is not None and pending.num_rows:
        yield _one_batch(pending)


def _one_batch(table: pa.Table) -> pa.RecordBatch:
    """The table's rows as one record batch (one dictionary per column when encoded)."""
    return table.combine_chunks().to_batches()[0]


def _objects(values: Sequence[object]) -> np.ndarray:
    """A one-dimensional object array of the values (tuples stay whole)."""
    found = np.empty(len(values), dtype=object)
    for index, value in enumerate(values):
        found[index] = value
    return found
