"""The definitions file (DESIGN.md section 3): personas, journeys, stages, touchpoints.

```yaml
personas: [{name: Business traveller, description: ...}]
journeys:
  - name: Air travel
    state: current
    stages:
      - {name: Booking, touchpoints: [{name: Website, channel: web}]}
      - {name: Check-in}
```
"""

from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field, field_validator, model_validator

from journey.schemas.base import StrictModel, between


def _as_text(value: object) -> object:
    """Numbers read as text (`name: 123`); a YAML yes/no/on/off must be quoted to be a name."""
    if isinstance(value, bool):
        raise ValueError("a yes/no/on/off word reads as true or false in YAML: put it in quotes")
    return str(value) if isinstance(value, int | float) else value


Name = Annotated[
    str,
    BeforeValidator(_as_text),
    Field(min_length=1, max_length=120, pattern=r"^[^\r\n\t\x00]+$"),
]
Text = Annotated[str, BeforeValidator(_as_text), Field(max_length=4000)]


def _unique(names: list[str], what: str) -> None:
    seen: dict[str, str] = {}
    for name in names:
        twin = seen.get(name.lower())
        if twin is not None:
            raise ValueError(
                f"{what} {name!r} is listed twice ({twin!r}): names are unique, ignoring case"
            )
        seen[name.lower()] = name


class TouchpointItem(StrictModel):
    """A touchpoint of a stage: where the customer meets the company."""

    name: Name
    channel: Annotated[Text | None, Field(description="web, app, phone, in person…")] = None


class StageItem(StrictModel):
    """A stage of the journey, in the journey's order."""

    name: Name
    goal: Annotated[Text | None, Field(description="What the customer wants at this stage")] = None
    target_emotion: Annotated[
        Annotated[float, between(-1, 1)] | None,
        Field(description="A future state's target mean emotion, -1 to 1"),
    ] = None
    target_meets_or_exceeds: Annotated[
        Annotated[float, between(0, 1)] | None,
        Field(description="A future state's target share meeting or exceeding expectations"),
    ] = None
    touchpoints: tuple[TouchpointItem, ...] = ()

    @field_validator("touchpoints")
    @classmethod
    def touchpoint_names_are_unique(
        cls, touchpoints: tuple[TouchpointItem, ...]
    ) -> tuple[TouchpointItem, ...]:
        _unique([item.name for item in touchpoints], "touchpoint")
        return touchpoints


class JourneyItem(StrictModel):
    """A journey: its ordered stages, and for a future state the journey it improves."""

    name: Name
    description: Text | None = None
    state: Annotated[
        Literal["current", "future"], Field(description="current: as it is; future: the target")
    ] = "current"
    current_state: Annotated[
        Name | None, Field(description="The current-state journey a future state targets")
    ] = None
    stages: tuple[StageItem, ...] = ()

    @field_validator("stages")
    @classmethod
    def stage_names_are_unique(cls, stages: tuple[StageItem, ...]) -> tuple[StageItem, ...]:
        _unique([item.name for item in stages], "stage")
        return stages


class PersonaItem(StrictModel):
    """A persona: a kind of customer, named as the team says it."""

    name: Name
    description: Text | None = None
    goals: Text | None = None
    pain_points: Text | None = None


class DefinitionsFile(StrictModel):
    """Journeys, their stages and touchpoints, and personas; importing never deletes."""

    model_config = ConfigDict(title="Journey Lens definitions file")

    personas: tuple[PersonaItem, ...] = ()
    journeys: tuple[JourneyItem, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def says_something(cls, document: object) -> object:
        if not isinstance(document, dict) or not ({"personas", "journeys"} & document.keys()):
            raise ValueError("expected a mapping with 'personas' and/or 'journeys'")
        return document

    @field_validator("personas")
    @classmethod
    def persona_names_are_unique(cls, personas: tuple[PersonaItem, ...]) -> tuple[PersonaItem, ...]:
        _unique([item.name for item in personas], "persona")
        return personas

    @field_validator("journeys")
    @classmethod
    def journey_names_are_unique(cls, journeys: tuple[JourneyItem, ...]) -> tuple[JourneyItem, ...]:
        _unique([item.name for item in journeys], "journey")
        return journeys
