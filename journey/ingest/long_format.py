"""The long (canonical) CSV format: one row per respondent × stage (× touchpoint)."""

import itertools
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter

from journey.errors import FileRefused
from journey.ingest.batches import ResponseBatch, attributes_json
from journey.ingest.dates import parse_date
from journey.ingest.drafts import UnreadDate
from journey.ingest.expectations import ExpectationError, parse_expectation
from journey.ingest.layouts import DUPLICATE_SUFFIX, LONG_REQUIRED, header_key
from journey.ingest.reading import Table
from journey.ingest.rejects import Reject
from journey.ingest.scales import LIKERT_LABELS, RatingError, Scale
from journey.store.lookups import StageIndex

REQUIRED = LONG_REQUIRED
CHUNK_ROWS = 20_000
_first, _second = itemgetter(0), itemgetter(1)
MEMO_LIMIT = 100_000  # distinct values remembered per column before starting afresh
OPTIONAL = ("touchpoint", "channel", "expectation", "comment", "responded_at")


def column_positions(table: Table) -> dict[str, int]:
    """Where each known column is; refuses the file when a required one is missing or doubled."""
    positions: dict[str, int] = {}
    for index, name in enumerate(table.header):
        key = header_key(DUPLICATE_SUFFIX.sub("", name))
        if key in REQUIRED + OPTIONAL:
            if key in positions:
                raise FileRefused(
                    table.file_name,
                    f"column {key!r} appears twice (columns {positions[key] + 1} and {index + 1})",
                    1,
                    name,
                )
            positions[key] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise FileRefused(
            table.file_name,
            f"missing required column(s) {', '.join(missing)}; the long format needs "
            f"{', '.join(REQUIRED)} (found: {', '.join(table.header)[:200]})",
            1,
        )
    return positions


def long_batches(
    table: Table, stages: StageIndex, scale: Scale
) -> Iterator[ResponseBatch | Reject | UnreadDate]:
    """Validate every row of a long file: batches of good rows, and a Reject for each bad one.

    The header is checked at once (a missing column refuses the file); rows lazily, in chunks.
    """
    validator = _LongValidator(table, column_positions(table), stages, scale)
    return validator.batches()


class _Memo:
    """Remembers the verdict on each distinct cell value: a column has few distinct values,
    so each is parsed once however many rows repeat it."""

    def __init__(self, parse: Callable[[str], tuple[object, ...]]) -> None:
        self.parse = parse
        self.seen: dict[str, tuple[object, ...]] = {}

    def verdict(self, value: str) -> tuple[object, ...]:
        return self.seen.get(value) or self._first(value)

    def verdicts(self, values: Sequence[str]) -> list[tuple[object, ...]]:
        """The verdict on each value (verdicts are non-empty tuples, so never falsy)."""
        seen = self.seen
        return [seen.get(value) or self._first(value) for value in values]

    def _first(self, value: str) -> tuple[object, ...]:
        if len(self.seen) > MEMO_LIMIT:
            self.seen.clear()
        found = self.seen[value] = self.parse(value)
        return found


class CellVerdicts:
    """The verdict on each distinct cell value of a long file, remembered: the row-by-row
    reader and the columnar one judge every value the same way, each value once."""

    def __init__(self, stages: StageIndex, scale: Scale) -> None:
        self.stages, self.scale = stages, scale
        self.known_stages = ", ".join(stages.stage_names)
        self.stage = _Memo(self._stage)
        self.emotion = _Memo(self._emotion)
        self.expectation = _Memo(self._expectation)
        self.date = _Memo(self._date)
        self.touchpoints: dict[tuple[object, str], tuple[object, ...]] = {}
        self.attributes: dict[tuple[str, ...], str | None] = {}

    def touchpoint(self, stage_id: object, value: str) -> tuple[object, ...]:
        """(touchpoint id, its channel, problem) for a touchpoint named in a stage."""
        key = (stage_id, value)
        found = self.touchpoints.get(key)
        if found is None:
            name = value.strip()
            if not name or stage_id is None:
                found = (None, None, None)
            elif (point := self.stages.touchpoint(stage_id, name)) is None:  # type: ignore[arg-type]
                stage_name = self.stages.names[stage_id]  # type: ignore[index]
                found = (None, None, f"unknown touchpoint {name[:60]!r} in stage {stage_name!r}")
            else:
                found = (point[0], point[1] or None, None)
            if len(self.touchpoints) > MEMO_LIMIT:
                self.touchpoints.clear()
            self.touchpoints[key] = found
        return found

    def attributes_text(self, names: Sequence[str], values: tuple[str, ...]) -> str | None:
        """A respondent's attributes (the other columns' non-empty values) as stored."""
        text = self.attributes.get(values, "")
        if text == "":
            if len(self.attributes) > MEMO_LIMIT:
                self.attributes.clear()
            pairs = {name: value.strip() for name, value in zip(names, values, strict=True)}
            text = self.attributes[values] = attributes_json(
                {name: value for name, value in pairs.items() if value}
            )
        return text

    def _stage(self, value: str) -> tuple[object, ...]:
        stage_id = self.stages.stage_id(value)
        if stage_id is None:
            return None, f"unknown stage {value.strip()[:60]!r} (stages: {self.known_stages})"
        return stage_id, None

    def _emotion(self, value: str) -> tuple[object, ...]:
        if not value.strip():
            return None, None, None
        try:
            raw, emotion = self.scale.rate(value, LIKERT_LABELS)
        except RatingError as error:
            return None, None, str(error)
        return raw, emotion, None

    def _expectation(self, value: str) -> tuple[object, ...]:
        try:
            return parse_expectation(value), None
        except ExpectationError as error:
            return None, str(error)

    def _date(self, value: str) -> tuple[object, ...]:
        if not value.strip():
            return None, None
        try:
            return parse_date(value).isoformat(), None
        except ValueError as error:
            return None, str(error)


class _LongValidator:
    def __init__(
        self, table: Table, positions: dict[str, int], stages: StageIndex, scale: Scale
    ) -> None:
        self.table, self.positions = table, positions
        self.width = len(table.header)
        self.attribute_indexes = [i for i in range(self.width) if i not in positions.values()]
        self.cells = CellVerdicts(stages, scale)

    def batches(self) -> Iterator[ResponseBatch | Reject | UnreadDate]:
        width = self.width
        while chunk := list(itertools.islice(self.table.rows, CHUNK_ROWS)):
            lines = [line for line, row in chunk if len(row) == width]
            rows = [row for _, row in chunk if len(row) == width]
            if len(rows) != len(chunk):
                for line, row in chunk:
                    if len(row) != width:
                        reason = f"row has {len(row)} fields, the header has {width}"
                        yield Reject(line, "", reason, tuple(row))
            if rows:
                yield from self._chunk(lines, rows)

    def _column(self, columns: list[tuple[str, ...]], key: str, count: int) -> Sequence[str]:
        return columns[self.positions[key]] if key in self.positions else [""] * count

    def _name(self, key: str) -> str:
        return self.table.header[self.positions[key]]

    def _chunk(
        self, lines: list[int], rows: list[list[str]]
    ) -> Iterator[ResponseBatch | Reject | UnreadDate]:
        count = len(rows)
        columns = list(zip(*rows, strict=True))
        respondents = [value.strip() for value in self._column(columns, "respondent_id", count)]
        cells = self.cells
        stages = cells.stage.verdicts(self._column(columns, "stage", count))
        touchpoints = [
            cells.touchpoint(stage[0], value)
            for stage, value in zip(stages, self._column(columns, "touchpoint", count), strict=True)
        ]
        emotions = cells.emotion.verdicts(self._column(columns, "emotion", count))
        expectations = cells.expectation.verdicts(self._column(columns, "expectation", count))
        dates = cells.date.verdicts(self._column(columns, "responded_at", count))

        # The first problem of each row, in the order a person reads the row. A column whose
        # distinct values all passed cannot hold a problem, so most columns skip the scan.
        problems: dict[int, tuple[str, str]] = {}
        if not all(respondents):
            for index, respondent in enumerate(respondents):
                if not respondent:
                    problems[index] = (self._name("respondent_id"), "missing respondent id")
        for key, verdicts, memo in (
            ("stage", stages, cells.stage.seen),
            ("touchpoint", touchpoints, cells.touchpoints),
            ("emotion", emotions, cells.emotion.seen),
            ("expectation", expectations, cells.expectation.seen),
        ):
            if any(verdict[-1] is not None for verdict in memo.values()):
                for index, verdict in enumerate(verdicts):
                    if verdict[-1] is not None:
                        problems.setdefault(index, (self._name(key), str(verdict[-1])))
        if any(verdict[1] is None for verdict in cells.emotion.seen.values()):
            for index, (emotion, expectation) in enumerate(
                zip(emotions, expectations, strict=True)
            ):
                if emotion[1] is None and expectation[0] is None:
                    reason = "empty: neither an emotion nor an expectation"
                    problems.setdefault(index, (self._name("emotion"), reason))
        if any(verdict[-1] is not None for verdict in cells.date.seen.values()):
            # An unreadable date never rejects a response: it is kept without its date.
            for index, verdict in enumerate(dates):
                if verdict[-1] is not None and index not in problems:
                    text = rows[index][self.positions["responded_at"]].strip()
                    yield UnreadDate(lines[index], self._name("responded_at"), text)
        for index in sorted(problems):
            column, reason = problems[index]
            yield Reject(lines[index], column, reason, tuple(rows[index]))

        given_channels = self._column(columns, "channel", count)
        emotion_column = self._name("emotion")
        batch = ResponseBatch(
            lines=lines,
            columns=[emotion_column] * count,
            fields=list[Sequence[str]](rows),
            respondent_id=respondents,
            persona=[value.strip() for value in self._column(columns, "persona", count)],
            stage_id=list(map(_first, stages)),
            touchpoint_id=list(map(_first, touchpoints)),
            channel=[
                given.strip() or point[1] or None  # type: ignore[misc]
                for given, point in zip(given_channels, touchpoints, strict=True)
            ],
            emotion=list(map(_second, emotions)),
            raw_value=list(map(_first, emotions)),
            scale_min=[cells.scale.min] * count,
            scale_max=[cells.scale.max] * count,
            expectation=list(map(_first, expectations)),
            comment=[value.strip() or None for value in self._column(columns, "comment", count)],
            responded_at=list(map(_first, dates)),
            attributes=self._attributes(columns, count),
        )
        if problems:
            batch = batch.select([i for i in range(count) if i not in problems])
        if len(batch):
            yield batch

    def _attributes(self, columns: list[tuple[str, ...]], count: int) -> list[str | None]:
        if not self.attribute_indexes:
            return [None] * count
        names = [self.table.header[i] for i in self.attribute_indexes]
        text = self.cells.attributes_text
        chosen = (columns[i] for i in self.attribute_indexes)
        return [text(names, values) for values in zip(*chosen, strict=True)]
