"""The view a user chose: which respondents the figures are about."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlmodel import col

from journey.models import Persona, Response


@dataclass(frozen=True)
class Filters:
    """Personas and waves to keep; empty means all. Hashable, so caches can key on it."""

    personas: tuple[str, ...] = ()
    waves: tuple[str, ...] = ()

    def describe(self) -> str:
        """The filters in words, for captions and file names."""
        parts = [
            f"personas: {', '.join(self.personas)}" if self.personas else "all personas",
            f"waves: {', '.join(self.waves)}" if self.waves else "all waves",
        ]
        return "; ".join(parts)


ALL_RESPONSES = Filters()


def response_conditions(journey_id: int, filters: Filters) -> list[ColumnElement[Any]]:
    """SQL conditions on Response for one journey under the filters."""
    conditions: list[ColumnElement[Any]] = [col(Response.journey_id) == journey_id]
    if filters.personas:
        chosen = select(Persona.id).where(col(Persona.name).in_(filters.personas))
        conditions.append(col(Response.persona_id).in_(chosen))
    if filters.waves:
        conditions.append(col(Response.wave).in_(filters.waves))
    return conditions
