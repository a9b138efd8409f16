"""The long (canonical) CSV format: one row per respondent × stage (× touchpoint)."""

from collections.abc import Iterator

from journey.catalog import StageIndex
from journey.drafts import Draft, parse_date
from journey.errors import FileRefused
from journey.expectations import ExpectationError, parse_expectation
from journey.layouts import DUPLICATE_SUFFIX, LONG_REQUIRED, header_key
from journey.rejects import Reject
from journey.scales import LIKERT_LABELS, RatingError, Scale, parse_rating
from journey.tabular import Table

REQUIRED = LONG_REQUIRED
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


def long_drafts(table: Table, stages: StageIndex, scale: Scale) -> Iterator[Draft | Reject]:
    """Validate every row of a long file: a Draft to store, or a Reject with line and reason.

    The header is checked at once (a missing column refuses the file); rows lazily.
    """
    return _validated_rows(table, column_positions(table), stages, scale)


def _validated_rows(
    table: Table, positions: dict[str, int], stages: StageIndex, scale: Scale
) -> Iterator[Draft | Reject]:
    names = table.header
    attribute_columns = [(i, n) for i, n in enumerate(names) if i not in positions.values()]
    width = len(table.header)
    known_stages = ", ".join(stages.stage_names)
    for line, row in table.rows:
        fields = tuple(row)
        if len(row) != width:
            yield Reject(line, "", f"row has {len(row)} fields, the header has {width}", fields)
            continue

        def cell(key: str, row: list[str] = row) -> str:
            return row[positions[key]].strip() if key in positions else ""

        respondent = cell("respondent_id")
        if not respondent:
            yield Reject(line, names[positions["respondent_id"]], "missing respondent id", fields)
            continue
        stage_name = cell("stage")
        stage_id = stages.stage_id(stage_name)
        if stage_id is None:
            reason = f"unknown stage {stage_name[:60]!r} (stages: {known_stages})"
            yield Reject(line, names[positions["stage"]], reason, fields)
            continue
        touchpoint_id, channel = None, cell("channel") or None
        if touchpoint_name := cell("touchpoint"):
            found = stages.touchpoint(stage_id, touchpoint_name)
            if found is None:
                reason = f"unknown touchpoint {touchpoint_name[:60]!r} in stage {stage_name!r}"
                yield Reject(line, names[positions["touchpoint"]], reason, fields)
                continue
            touchpoint_id, channel = found[0], channel or found[1] or None
        raw_value = emotion = None
        if emotion_text := cell("emotion"):
            try:
                raw_value = parse_rating(emotion_text, LIKERT_LABELS)
            except RatingError as error:
                yield Reject(line, names[positions["emotion"]], str(error), fields)
                continue
            if not scale.contains(raw_value):
                reason = f"value {raw_value:g} outside the scale {scale}"
                yield Reject(line, names[positions["emotion"]], reason, fields)
                continue
            emotion = scale.normalise(raw_value)
        try:
            expectation = parse_expectation(cell("expectation"))
        except ExpectationError as error:
            yield Reject(line, names[positions["expectation"]], str(error), fields)
            continue
        if emotion is None and expectation is None:
            reason = "empty: neither an emotion nor an expectation"
            yield Reject(line, names[positions["emotion"]], reason, fields)
            continue
        responded_at = None
        if date_text := cell("responded_at"):
            try:
                responded_at = parse_date(date_text)
            except ValueError as error:
                yield Reject(line, names[positions["responded_at"]], str(error), fields)
                continue
        attributes = {name: row[i].strip() for i, name in attribute_columns if row[i].strip()}
        yield Draft(
            line=line,
            column=names[positions["emotion"]],
            fields=fields,
            respondent_id=respondent,
            persona=cell("persona"),
            stage_id=stage_id,
            touchpoint_id=touchpoint_id,
            channel=channel,
            scale=scale,
            raw_value=raw_value,
            emotion=emotion,
            expectation=expectation,
            comment=cell("comment") or None,
            responded_at=responded_at,
            attributes=attributes or None,
        )
