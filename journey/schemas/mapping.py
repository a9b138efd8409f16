"""The mapping file of a wide survey export (DESIGN.md section 3): which column is what.

```yaml
format: wide
respondent_id: ResponseId
persona: [Customer Type, Type of Travel]
ratings:
  - {column: Ease of Online booking, stage: Booking, touchpoint: Website, scale: "1:5", na: [0]}
expectation_bands: {below: "1:2", meets: "3:3", exceeds: "4:5"}
```

Names are kept exactly as written (a column's name is the export's own, spaces included).
"""

import json
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from journey.schemas.base import StrictModel

OutcomeKind = Literal["nps", "csat", "ces", "yes/no", "numeric"]  # as journey.store.models
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
# MIN:MAX as editors check it (the model reads any two numbers `float` reads).
_NUMBER = r"\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*"
SCALE_PATTERN = f"^{_NUMBER}:{_NUMBER}$"
YAML_BOOLEAN = "a yes/no/on/off word reads as true or false in YAML: put it in quotes"


def _as_text(value: object) -> object:
    """Numbers as names (`column: 2019`); a YAML yes/no/on/off must be quoted to be a name."""
    if isinstance(value, bool):
        raise ValueError(YAML_BOOLEAN)
    return str(value) if isinstance(value, int | float) else value


def _one_or_many(value: object) -> object:
    """One column's name, or a list of names."""
    if isinstance(value, str):
        return [value]
    if value is not None and not isinstance(value, list | tuple):
        raise ValueError(
            f"expected a column name or a list of names, got {json.dumps(value, default=str)}"
            " (a name that is a number goes in quotes)"
        )
    return value


def _listed(value: object) -> object:
    """One value, or a list of values."""
    return [value] if isinstance(value, str | int | float) else value


def _lower(value: object) -> object:
    return value.strip().lower() if isinstance(value, str) else value


def _number(value: object) -> object:
    """A number written `3`, `3.5` or `3,5`; a yes/no word is not one."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {json.dumps(value)}")
    if isinstance(value, str) and _DECIMAL_COMMA.match(value.strip()):
        return value.strip().replace(",", ".")
    return value


def _bounds(text: str) -> tuple[float, float] | None:
    """(MIN, MAX) of `MIN:MAX`, or None when it is not two numbers."""
    parts = text.split(":")
    if len(parts) != 2:
        return None
    try:
        return float(parts[0]), float(parts[1])
    except ValueError:
        return None


def _scale(value: object) -> object:
    """A scale `MIN:MAX` with MIN below MAX, as text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(
            f'expected "MIN:MAX" in quotes, got {value:g} (YAML reads 1:5 unquoted as a number)'
        )
    if not isinstance(value, str):
        return value  # refused as "expected text"
    bounds = _bounds(value)
    if bounds is None:
        raise ValueError(f'expected "MIN:MAX", got {json.dumps(value, ensure_ascii=False)}')
    if not bounds[0] < bounds[1]:
        raise ValueError(f"a scale needs MIN below MAX, got {value!r}")
    return value


def _band(value: object) -> object:
    """A band `MIN:MAX` (MIN up to MAX) or one number, as text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:g}:{value:g}"
    if not isinstance(value, str):
        return value
    bounds = _bounds(value) or _bounds(f"{value}:{value}")
    if bounds is None:
        raise ValueError(f'expected "MIN:MAX", e.g. "1:2", got {json.dumps(value)}')
    if bounds[0] > bounds[1]:
        raise ValueError(f"MIN is above MAX in {value!r}")
    return f"{bounds[0]:g}:{bounds[1]:g}"


Column = Annotated[
    str,
    BeforeValidator(_as_text),
    Field(min_length=1, description="A column's name, as the export's header has it"),
]
StageName = Annotated[str, BeforeValidator(_as_text), Field(min_length=1)]
Columns = Annotated[
    tuple[Column, ...],
    BeforeValidator(_one_or_many, json_schema_input_type=str | list[str]),
]
Number = Annotated[float, BeforeValidator(_number), Field(allow_inf_nan=False)]
Labels = dict[Annotated[str, BeforeValidator(_as_text)], Number]
ScaleText = Annotated[
    str,
    BeforeValidator(_scale),
    Field(
        json_schema_extra={"pattern": SCALE_PATTERN},
        description='The scale of the raw answers, "MIN:MAX" in quotes, e.g. "1:5" or "0:10"',
        examples=["1:5", "0:10", "-3:3"],
    ),
]
BandText = Annotated[
    str,
    BeforeValidator(_band, json_schema_input_type=str | float),
    Field(
        json_schema_extra={"pattern": f"^{_NUMBER}(:{_NUMBER})?$"},
        description='Raw ratings "MIN:MAX", or one number',
    ),
]
NaValue = Annotated[str, BeforeValidator(_as_text)]


class NamesKeptAsWritten(StrictModel):
    """Column and stage names are the export's own: spaces are part of them."""

    model_config = ConfigDict(str_strip_whitespace=False)


class RatingItem(NamesKeptAsWritten):
    """A column of ratings for one stage, and optionally one of its touchpoints."""

    column: Column
    stage: Annotated[StageName, Field(description="The stage the column rates")]
    touchpoint: Annotated[
        StageName | None,
        Field(description="The touchpoint of the stage it rates (optional)"),
    ] = None
    scale: ScaleText = "1:5"
    na: Annotated[
        tuple[NaValue, ...],
        BeforeValidator(_listed, json_schema_input_type=str | float | list[str | float]),
        Field(
            title="Not applicable",
            description='Answers that mean "not applicable": treated as missing',
        ),
    ] = ()


class StageColumnItem(NamesKeptAsWritten):
    """A column that belongs to a stage as a whole (an expectation answer or a comment)."""

    column: Column
    stage: StageName


class OutcomeItem(NamesKeptAsWritten):
    """The respondent's overall outcome: a number, or text labels mapped to numbers."""

    column: Column
    labels: Annotated[Labels, Field(description="Text answers and the numbers they stand for")] = {}
    kind: Annotated[
        OutcomeKind,
        BeforeValidator(_lower),
        Field(description="What the outcome measures, and so how it is reported"),
    ] = "numeric"
    scale: Annotated[
        ScaleText | None,
        Field(description='The answer scale where the kind leaves a choice (CSAT "1:5" or "1:7")'),
    ] = None


def _outcome(value: object) -> object:
    """An outcome written as just its column's name."""
    return {"column": value} if isinstance(value, str | int | float) else value


class ExpectationBands(StrictModel):
    """Which raw ratings stand for below, meets and exceeds, where no column says it."""

    below: BandText
    meets: BandText
    exceeds: BandText


class NewTouchpointItem(NamesKeptAsWritten):
    """A touchpoint the import creates where it is missing."""

    stage: StageName
    touchpoint: StageName


class MappingFile(NamesKeptAsWritten):
    """Which column of a wide export is what; reused for every wave of the same survey."""

    model_config = ConfigDict(title="Journey Lens mapping file")

    format: Annotated[
        Literal["wide"], Field(description="Always wide: a long file needs no mapping")
    ] = "wide"
    respondent_id: Annotated[
        Column | None, Field(description="The respondent id column (absent: the line number)")
    ] = None
    persona: Annotated[
        Columns,
        Field(description='The persona column, or several whose values are joined as "A · B"'),
    ] = ()
    persona_names: Annotated[
        dict[Annotated[str, BeforeValidator(_as_text)], Annotated[str, BeforeValidator(_as_text)]],
        Field(description="Renames of persona values: the value as found, then the persona"),
    ] = {}
    responded_at: Annotated[Column | None, Field(description="The date column (optional)")] = None
    day_first: Annotated[
        bool, Field(strict=True, description="Slashed dates are day first (31/01/2024)")
    ] = False
    outcome: Annotated[
        OutcomeItem | None,
        BeforeValidator(_outcome, json_schema_input_type=str | OutcomeItem | None),
        Field(description="The overall outcome column: its name, or {column, labels, kind, scale}"),
    ] = None
    labels: Annotated[
        Labels, Field(description="Text answers of the rating columns and their numbers")
    ] = {}
    ratings: Annotated[
        tuple[RatingItem, ...], Field(description="One entry per rating column")
    ] = ()
    expectations: Annotated[
        tuple[StageColumnItem, ...], Field(description="A stage's expectation column (optional)")
    ] = ()
    expectation_bands: Annotated[
        ExpectationBands | None,
        Field(description="Expectations derived from the rating where no column gives them"),
    ] = None
    comments: Annotated[
        tuple[StageColumnItem, ...], Field(description="A stage's free-text column (optional)")
    ] = ()
    attributes: Annotated[
        Columns, Field(description="Columns kept with each response, for filters")
    ] = ()
    new_touchpoints: Annotated[
        tuple[NewTouchpointItem, ...],
        Field(description="Touchpoints the import creates where they are missing"),
    ] = ()

    @model_validator(mode="before")
    @classmethod
    def says_something(cls, document: Any) -> Any:
        if document == {}:
            raise ValueError("the file is empty: expected format: wide, ratings: […]")
        return document

    @field_validator("format", mode="before")
    @classmethod
    def is_wide(cls, value: Any) -> Any:
        if value != "wide":
            shown = json.dumps(value, default=str)
            raise ValueError(f"expected 'wide', got {shown} (a long file needs no mapping)")
        return value
