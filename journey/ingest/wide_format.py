"""Wide survey exports: one row per respondent, one column per stage or touchpoint rating.

Each rating cell is a response validated on its own: a bad cell is rejected with its line
and column, and the respondent's other ratings are kept (DESIGN.md section 3).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from journey.ingest.dates import parse_date
from journey.ingest.drafts import Draft, OutcomeDraft, UnreadDate
from journey.ingest.expectations import ExpectationError, parse_expectation
from journey.ingest.mapping import Mapping, RatingColumn
from journey.ingest.outcomes import answer_problem, outcome_scale
from journey.ingest.reading import Table
from journey.ingest.rejects import Reject
from journey.ingest.scales import RatingError, clean_label, label_table, parse_rating
from journey.store.lookups import StageIndex
from journey.store.models import UNSPECIFIED_PERSONA

PERSONA_JOIN = " · "


@dataclass(frozen=True)
class _Rating:
    index: int
    spec: RatingColumn
    stage_id: int
    touchpoint_id: int | None
    channel: str | None


@dataclass(frozen=True)
class _Stage:
    """A stage's columns in the file: its ratings, and what belongs to the stage as a whole."""

    stage_id: int
    ratings: tuple[_Rating, ...]
    expectation: int | None  # column index
    comment: int | None
    anchor: _Rating | None  # the rating that carries the stage's expectation and comment


def wide_drafts(
    table: Table, stages: StageIndex, mapping: Mapping
) -> Iterator[Draft | OutcomeDraft | Reject | UnreadDate]:
    """Validate every cell the mapping names; the mapping itself is checked at once."""
    mapping.check(table.header, stages, table.file_name)
    return _cells(table, _stage_columns(table.header, stages, mapping), mapping)


def _stage_columns(header: list[str], stages: StageIndex, mapping: Mapping) -> list[_Stage]:
    index = {name: i for i, name in enumerate(header)}
    ratings: dict[int, list[_Rating]] = {}
    for spec in mapping.ratings:
        stage_id = stages.stage_id(spec.stage)
        assert stage_id is not None  # checked by Mapping.check
        point = stages.touchpoint(stage_id, spec.touchpoint) if spec.touchpoint else None
        rating = _Rating(
            index[spec.column],
            spec,
            stage_id,
            point[0] if point else None,
            (point[1] or None) if point else None,
        )
        ratings.setdefault(stage_id, []).append(rating)
    expectations = {stages.stage_id(e.stage): index[e.column] for e in mapping.expectations}
    comments = {stages.stage_id(c.stage): index[c.column] for c in mapping.comments}
    result = []
    for stage_id in dict.fromkeys([*ratings, *expectations, *comments]):
        assert stage_id is not None
        own = ratings.get(stage_id, [])
        overall = [r for r in own if r.touchpoint_id is None]
        anchor = own[0] if len(own) == 1 else (overall[0] if len(overall) == 1 else None)
        result.append(
            _Stage(stage_id, tuple(own), expectations.get(stage_id), comments.get(stage_id), anchor)
        )
    return result


@dataclass(frozen=True)
class _Respondent:
    """What one row says about its respondent, shared by all its responses."""

    line: int
    fields: tuple[str, ...]
    respondent_id: str
    persona: str
    responded_at: date | None
    attributes: dict[str, str] | None

    def draft(
        self,
        column: str,
        stage_id: int,
        rating: _Rating | None,
        raw: float | None,
        emotion: float | None,
        expectation: str | None,
        comment: str | None,
    ) -> Draft:
        return Draft(
            line=self.line,
            column=column,
            fields=self.fields,
            respondent_id=self.respondent_id,
            persona=self.persona,
            stage_id=stage_id,
            touchpoint_id=rating.touchpoint_id if rating else None,
            channel=rating.channel if rating else None,
            scale=rating.spec.scale if rating else None,
            raw_value=raw,
            emotion=emotion,
            expectation=expectation,
            comment=comment,
            responded_at=self.responded_at,
            attributes=self.attributes,
        )

    def reject(self, column: str, reason: str, *, is_response: bool = True) -> Reject:
        return Reject(self.line, column, reason, self.fields, is_response)


def _cells(
    table: Table, stage_columns: list[_Stage], mapping: Mapping
) -> Iterator[Draft | OutcomeDraft | Reject | UnreadDate]:
    index = {name: i for i, name in enumerate(table.header)}
    width = len(table.header)
    labels = mapping.label_values()
    outcome_labels = label_table(mapping.outcome.labels) if mapping.outcome else {}
    outcome_answers = (
        outcome_scale(mapping.outcome.kind, mapping.outcome.scale) if mapping.outcome else None
    )
    persona_columns = [index[name] for name in mapping.persona]
    attribute_columns = [(name, index[name]) for name in mapping.attributes]
    for line, row in table.rows:
        cells = (row + [""] * width)[:width]
        problem = f"row has {len(row)} fields, the header has {width}" if len(row) != width else ""
        respondent_id = str(line)
        if mapping.respondent_id:
            respondent_id = cells[index[mapping.respondent_id]].strip()
            problem = problem or ("" if respondent_id else "missing respondent id")
        responded_at = None
        if mapping.responded_at and (text := cells[index[mapping.responded_at]].strip()):
            try:
                responded_at = parse_date(text, day_first=mapping.day_first)
            except ValueError:
                # The responses are kept without a date; the report counts such rows.
                if not problem:
                    yield UnreadDate(line, mapping.responded_at, text)
        if problem:
            for column in _answered_columns(cells, stage_columns, table.header):
                yield Reject(line, column, problem, tuple(row))
            continue
        persona = PERSONA_JOIN.join(cells[i].strip() for i in persona_columns if cells[i].strip())
        attributes = {name: cells[i].strip() for name, i in attribute_columns if cells[i].strip()}
        respondent = _Respondent(
            line,
            tuple(row),
            respondent_id,
            mapping.persona_names.get(persona, persona) or UNSPECIFIED_PERSONA,
            responded_at,
            attributes or None,
        )
        for stage in stage_columns:
            yield from _stage_cells(respondent, cells, stage, table.header, mapping, labels)
        if mapping.outcome and (text := cells[index[mapping.outcome.column]].strip()):
            value = outcome_labels.get(clean_label(text))
            try:
                value = parse_rating(text, {}) if value is None else value
            except RatingError as error:
                reason = f"outcome {error} (the respondent's ratings are kept)"
                yield respondent.reject(mapping.outcome.column, reason, is_response=False)
                continue
            if unfit := answer_problem(value, mapping.outcome.kind, outcome_answers):
                reason = f"outcome {unfit} (the respondent's ratings are kept)"
                yield respondent.reject(mapping.outcome.column, reason, is_response=False)
                continue
            yield OutcomeDraft(line, mapping.outcome.column, tuple(row), respondent_id, value)


def _answered_columns(cells: list[str], stages: list[_Stage], header: list[str]) -> list[str]:
    """The response columns a row answered: what a row-level problem rejects."""
    columns = []
    for stage in stages:
        columns += [
            r.spec.column
            for r in stage.ratings
            if cells[r.index].strip() and not r.spec.is_na(cells[r.index])
        ]
        if (
            stage.anchor is None
            and stage.expectation is not None
            and cells[stage.expectation].strip()
        ):
            columns.append(header[stage.expectation])
    return columns or [header[0]]


def _stage_cells(
    respondent: _Respondent,
    cells: list[str],
    stage: _Stage,
    header: list[str],
    mapping: Mapping,
    labels: dict[str, float],
) -> Iterator[Draft | Reject]:
    expectation: str | None = None
    bad_expectation = False
    if stage.expectation is not None:
        try:
            expectation = parse_expectation(cells[stage.expectation])
        except ExpectationError as error:
            # The response that carries the expectation is rejected; the stage's other
            # ratings are responses of their own and are kept.
            yield respondent.reject(header[stage.expectation], str(error))
            bad_expectation = True
    comment = cells[stage.comment].strip() or None if stage.comment is not None else None
    for rating in stage.ratings:
        anchored = rating is stage.anchor
        if anchored and bad_expectation:
            continue
        text = cells[rating.index].strip()
        raw = emotion = None
        if text and not rating.spec.is_na(text):
            try:
                raw, emotion = rating.spec.scale.rate(text, labels)
            except RatingError as error:
                yield respondent.reject(rating.spec.column, str(error))
                continue
        own_expectation = expectation if anchored else None
        if own_expectation is None and stage.expectation is None and raw is not None:
            own_expectation = mapping.band_of(raw)
        own_comment = comment if anchored else None
        if emotion is None and own_expectation is None and own_comment is None:
            continue  # an unanswered question is not a response
        yield respondent.draft(
            rating.spec.column, stage.stage_id, rating, raw, emotion, own_expectation, own_comment
        )
    if stage.anchor is None and not bad_expectation and (expectation or comment):
        source = stage.expectation if stage.expectation is not None else stage.comment
        assert source is not None
        yield respondent.draft(
            header[source], stage.stage_id, None, None, None, expectation, comment
        )
