"""The mapping of a wide survey export: which column is what (DESIGN.md section 3).

A mapping is made once per survey (in the upload page, or by hand as YAML) and reused for
every wave, so it is plain data: it reads from and writes to the section-3 YAML exactly.
"""

from dataclasses import dataclass, field
from typing import Any

import yaml

from journey.errors import JourneyError
from journey.ingest.outcomes import scale_problem
from journey.ingest.scales import (
    LIKERT_LABELS,
    Scale,
    clean_label,
    label_table,
    parse_number,
    parse_scale,
)
from journey.schemas.base import FileError, load_yaml_model
from journey.schemas.mapping import MappingFile
from journey.store.lookups import StageIndex

EXPECTATION_NAMES = ("below", "meets", "exceeds")


class MappingError(JourneyError):
    """The mapping is invalid or does not fit the file; the message says where."""


@dataclass(frozen=True)
class RatingColumn:
    """A column of ratings for one stage (and optionally one touchpoint)."""

    column: str
    stage: str
    touchpoint: str | None = None
    scale: Scale = Scale(1, 5)
    na: tuple[str, ...] = ()

    def is_na(self, cell: str) -> bool:
        """Whether the cell is a declared "not applicable" value (treated as missing)."""
        if not self.na:
            return False
        number = parse_number(cell)
        cleaned = clean_label(cell)
        for value in self.na:
            declared = parse_number(value)
            if (number is not None and declared is not None and number == declared) or (
                cleaned == clean_label(value)
            ):
                return True
        return False


@dataclass(frozen=True)
class StageColumn:
    """A column that belongs to a stage as a whole: its expectation answer or a comment."""

    column: str
    stage: str


@dataclass(frozen=True)
class OutcomeColumn:
    """The respondent's overall outcome: a number, or text labels mapped to numbers.

    `kind` says what it measures (nps, csat, ces, yes/no, numeric) and so how it is reported;
    `scale` is the answer scale where the kind leaves a choice (CSAT and CES: 1:5 or 1:7).
    """

    column: str
    labels: dict[str, float] = field(default_factory=dict)
    kind: str = "numeric"
    scale: Scale | None = None


@dataclass(frozen=True)
class NewTouchpoint:
    """A touchpoint the import creates (if missing) for a rating column of the mapping."""

    stage: str
    name: str


@dataclass(frozen=True)
class Mapping:
    respondent_id: str | None = None
    persona: tuple[str, ...] = ()
    persona_names: dict[str, str] = field(default_factory=dict)
    responded_at: str | None = None
    outcome: OutcomeColumn | None = None
    labels: dict[str, float] = field(default_factory=dict)
    ratings: tuple[RatingColumn, ...] = ()
    expectations: tuple[StageColumn, ...] = ()
    comments: tuple[StageColumn, ...] = ()
    expectation_bands: dict[str, tuple[float, float]] | None = None
    attributes: tuple[str, ...] = ()
    new_touchpoints: tuple[NewTouchpoint, ...] = ()
    day_first: bool = False  # slashed dates read 31/01/2024 rather than 01/31/2024

    def columns(self) -> list[str]:
        """Every column the mapping names."""
        named = [self.respondent_id, self.responded_at, *self.persona, *self.attributes]
        named += [self.outcome.column] if self.outcome else []
        named += [r.column for r in self.ratings]
        named += [c.column for c in (*self.expectations, *self.comments)]
        return [name for name in named if name]

    def label_values(self) -> dict[str, float]:
        """Text answers and their numbers, keyed for `parse_rating`."""
        return label_table(self.labels) if self.labels else LIKERT_LABELS

    def band_of(self, raw: float) -> str | None:
        """The expectation a raw rating stands for under the declared bands, if any."""
        for name, (low, high) in (self.expectation_bands or {}).items():
            if low <= raw <= high:
                return name
        return None

    def check(self, header: list[str], stages: StageIndex, file_name: str) -> None:
        """Refuse a mapping that names columns, stages or touchpoints that do not exist."""
        present = set(header)
        missing = [name for name in self.columns() if name not in present]
        if missing:
            shown = ", ".join(repr(name) for name in missing[:5])
            raise MappingError(
                f"{file_name}: the mapping names column(s) not in the file: {shown}"
                f" (the file has: {', '.join(header)[:300]})"
            )
        if not self.ratings and not self.expectations:
            raise MappingError(f"{file_name}: the mapping has no rating or expectation column")
        items: list[RatingColumn | StageColumn] = [*self.ratings, *self.expectations]
        items += self.comments
        for item in items:
            stage_id = stages.stage_id(item.stage)
            if stage_id is None:
                raise MappingError(
                    f"{file_name}: column {item.column!r} is mapped to unknown stage "
                    f"{item.stage!r} (stages: {', '.join(stages.stage_names)})"
                )
            touchpoint = getattr(item, "touchpoint", None)
            if touchpoint and stages.touchpoint(stage_id, touchpoint) is None:
                raise MappingError(
                    f"{file_name}: column {item.column!r} is mapped to unknown touchpoint "
                    f"{touchpoint!r} of stage {item.stage!r}"
                )
        keys = [(r.stage.lower(), (r.touchpoint or "").lower()) for r in self.ratings]
        doubled = {key for key in keys if keys.count(key) > 1}
        if doubled:
            stage, touchpoint = sorted(doubled)[0]
            raise MappingError(
                f"{file_name}: two rating columns are mapped to stage {stage!r}"
                + (f", touchpoint {touchpoint!r}" if touchpoint else "")
                + ": each stage (and touchpoint) takes one rating per respondent"
            )

    def to_yaml(self) -> str:
        """The section-3 YAML for this mapping."""
        document: dict[str, Any] = {"format": "wide"}
        if self.respondent_id:
            document["respondent_id"] = self.respondent_id
        if self.persona:
            document["persona"] = self.persona[0] if len(self.persona) == 1 else list(self.persona)
        if self.persona_names:
            document["persona_names"] = dict(self.persona_names)
        if self.responded_at:
            document["responded_at"] = self.responded_at
        if self.outcome:
            outcome: dict[str, Any] = {"column": self.outcome.column}
            if self.outcome.labels:
                outcome["labels"] = {k: _number(v) for k, v in self.outcome.labels.items()}
            if self.outcome.kind != "numeric":
                outcome["kind"] = self.outcome.kind
            if self.outcome.scale is not None:
                outcome["scale"] = str(self.outcome.scale)
            document["outcome"] = outcome
        if self.labels:
            document["labels"] = {k: _number(v) for k, v in self.labels.items()}
        document["ratings"] = [_rating_document(r) for r in self.ratings]
        if self.expectations:
            document["expectations"] = [
                {"column": e.column, "stage": e.stage} for e in self.expectations
            ]
        if self.comments:
            document["comments"] = [{"column": c.column, "stage": c.stage} for c in self.comments]
        if self.expectation_bands:
            document["expectation_bands"] = {
                name: f"{low:g}:{high:g}" for name, (low, high) in self.expectation_bands.items()
            }
        if self.attributes:
            document["attributes"] = list(self.attributes)
        if self.new_touchpoints:
            document["new_touchpoints"] = [
                {"stage": t.stage, "touchpoint": t.name} for t in self.new_touchpoints
            ]
        if self.day_first:
            document["day_first"] = True
        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        if any(mark in text for mark in "\x85\u2028\u2029"):
            # YAML reads these as line breaks: such a name is written escaped, to read back.
            text = yaml.safe_dump(document, sort_keys=False, allow_unicode=False, width=100)
        return text


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _rating_document(rating: RatingColumn) -> dict[str, Any]:
    document: dict[str, Any] = {"column": rating.column, "stage": rating.stage}
    if rating.touchpoint:
        document["touchpoint"] = rating.touchpoint
    document["scale"] = str(rating.scale)
    if rating.na:
        document["na"] = [
            _number(n) if (n := parse_number(v)) is not None else v for v in rating.na
        ]
    return document


def load_mapping(text: str, source: str = "mapping") -> Mapping:
    """Read a mapping from its YAML (journey.schemas.mapping); MappingError names file and key."""
    try:
        document = load_yaml_model(text, MappingFile, source)
    except FileError as error:
        raise MappingError(
            error.reason, file=error.file, line=error.line, column=error.column
        ) from None
    return mapping_from_file(document, source)


def mapping_from_file(document: MappingFile, source: str) -> Mapping:
    """The mapping a file declares; MappingError when the outcome's scale does not fit its kind."""
    outcome = None
    if document.outcome is not None:
        item = document.outcome
        scale = parse_scale(item.scale) if item.scale is not None else None
        if problem := scale_problem(item.kind, scale):
            where = "outcome.kind" if item.scale is None else "outcome.scale"
            raise MappingError(f"{where}: {problem}", file=source)
        outcome = OutcomeColumn(item.column, dict(item.labels), item.kind, scale)
    bands = document.expectation_bands
    return Mapping(
        respondent_id=_optional_text(document.respondent_id),
        persona=document.persona,
        persona_names=dict(document.persona_names),
        responded_at=_optional_text(document.responded_at),
        outcome=outcome,
        labels=dict(document.labels),
        ratings=tuple(
            RatingColumn(
                column=item.column,
                stage=item.stage,
                touchpoint=_optional_text(item.touchpoint),
                scale=parse_scale(item.scale),
                na=item.na,
            )
            for item in document.ratings
        ),
        expectations=tuple(StageColumn(item.column, item.stage) for item in document.expectations),
        comments=tuple(StageColumn(item.column, item.stage) for item in document.comments),
        expectation_bands=(
            {name: _band(getattr(bands, name)) for name in EXPECTATION_NAMES} if bands else None
        ),
        attributes=document.attributes,
        new_touchpoints=tuple(
            NewTouchpoint(item.stage, item.touchpoint) for item in document.new_touchpoints
        ),
        day_first=document.day_first,
    )


def _optional_text(value: str | None) -> str | None:
    return None if value is None or value.strip() == "" else value


def _band(text: str) -> tuple[float, float]:
    low, high = text.split(":")
    return float(low), float(high)
