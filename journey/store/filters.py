"""The view a user chose: which respondents the figures are about."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlmodel import col

from journey.store.models import Persona, Response


@dataclass(frozen=True)
class Filters:
    """What to keep; empty means all. Hashable, so caches can key on it.

    `attributes` holds (name, value) pairs: values of one attribute are alternatives (OR),
    different attributes must all match (AND), like every other filter.
    """

    personas: tuple[str, ...] = ()
    waves: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    channels: tuple[str, ...] = ()
    attributes: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        """The filters in words, for captions, reports and file names."""
        parts = [
            f"personas: {', '.join(self.personas)}" if self.personas else "all personas",
            f"waves: {', '.join(self.waves)}" if self.waves else "all waves",
        ]
        if self.date_from or self.date_to:
            parts.append(f"responses from {self.date_from or '…'} to {self.date_to or '…'}")
        if self.channels:
            parts.append(f"channels: {', '.join(self.channels)}")
        for name, values in self.attribute_choices().items():
            parts.append(f"{name}: {', '.join(values)}")
        return "; ".join(parts)

    def attribute_choices(self) -> dict[str, list[str]]:
        """The chosen values of each attribute."""
        chosen: dict[str, list[str]] = {}
        for name, value in self.attributes:
            chosen.setdefault(name, []).append(value)
        return chosen


ALL_RESPONSES = Filters()


def response_conditions(journey_id: int, filters: Filters) -> list[ColumnElement[Any]]:
    """SQL conditions on Response for one journey under the filters."""
    conditions: list[ColumnElement[Any]] = [col(Response.journey_id) == journey_id]
    if filters.personas:
        chosen = select(col(Persona.id)).where(col(Persona.name).in_(filters.personas))
        conditions.append(col(Response.persona_id).in_(chosen))
    if filters.waves:
        conditions.append(col(Response.wave).in_(filters.waves))
    if filters.date_from:
        conditions.append(col(Response.responded_at) >= filters.date_from)
    if filters.date_to:
        conditions.append(col(Response.responded_at) <= filters.date_to)
    if filters.channels:
        conditions.append(col(Response.channel).in_(filters.channels))
    for name, values in filters.attribute_choices().items():
        conditions.append(col(Response.attributes)[name].as_string().in_(values))
    return conditions
