"""Future-state journeys: the target for a current one, with a target per stage."""

import math
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.catalog.rules import (
    EditError,
    EditResult,
    check_unique,
    clean_name,
    get_row,
    names_taken,
)
from journey.catalog.touchpoints import stage_touchpoints
from journey.store.db import writing
from journey.store.lookups import journey_stages
from journey.store.models import Journey, Stage, Touchpoint


@dataclass(frozen=True)
class StageTarget:
    """A future-state stage's targets: emotion (−1 … +1) and meets-or-exceeds share (0 … 1)."""

    emotion: float | None = None
    meets_or_exceeds: float | None = None


def _check_target(value: float | None, low: float, high: float, what: str) -> None:
    if value is None:
        return
    if math.isnan(value) or not low <= value <= high:
        raise EditError(f"{what} is between {low:g} and {high:g}, not {value:g}.")


def set_targets(
    *, engine: Engine, journey_id: int, targets: Mapping[int, StageTarget]
) -> EditResult:
    """Set the targets of a future-state journey's stages (None clears a target)."""
    for target in targets.values():
        _check_target(target.emotion, -1.0, 1.0, "A target emotion")
        _check_target(target.meets_or_exceeds, 0.0, 1.0, "A target meets-or-exceeds share")
    with writing(engine) as session:
        journey = get_row(session, Journey, journey_id, "journey")
        if journey.state != "future":
            raise EditError(
                f"{journey.name!r} is a current-state journey: targets belong to the stages of "
                "its future-state journey."
            )
        stages = {s.id: s for s in journey_stages(session=session, journey_id=journey_id)}
        unknown = sorted(set(targets) - set(stages))
        if unknown:
            raise EditError(f"Stage ids {unknown} are not stages of {journey.name!r}.")
        for stage_id, target in targets.items():
            stage = stages[stage_id]
            stage.target_emotion = target.emotion
            stage.target_meets_or_exceeds = target.meets_or_exceeds
            session.add(stage)
        return EditResult(f"Saved the targets of {journey.name!r}.")


def _check_link(session: Session, future: Journey, current: Journey) -> None:
    if current.state != "current":
        raise EditError(f"{current.name!r} is not a current-state journey.")
    if future.state != "future":
        raise EditError(f"{future.name!r} is not a future-state journey.")
    query = select(col(Journey.name)).where(col(Journey.current_id) == current.id)
    if future.id is not None:
        query = query.where(col(Journey.id) != future.id)
    other = session.scalars(query).first()
    if other is not None:
        raise EditError(f"{current.name!r} already has a future state: {other!r}.")


def create_future_state(*, engine: Engine, current_id: int, name: str) -> int:
    """A future-state journey for a current one: its stages and touchpoints copied, linked."""
    name = clean_name(name, what="journey")
    with writing(engine) as session:
        current = get_row(session, Journey, current_id, "journey")
        check_unique(name, names_taken(session, Journey), what="journey")
        future = Journey(name=name, state="future", current_id=current_id)
        _check_link(session, future, current)
        session.add(future)
        session.flush()
        assert future.id is not None
        for stage in journey_stages(session=session, journey_id=current_id):
            copy = Stage(
                journey_id=future.id, name=stage.name, position=stage.position, goal=stage.goal
            )
            session.add(copy)
            session.flush()
            assert copy.id is not None and stage.id is not None
            session.add_all(
                Touchpoint(stage_id=copy.id, name=p.name, channel=p.channel, position=p.position)
                for p in stage_touchpoints(session, stage.id)
            )
        return future.id


def link_future_state(*, engine: Engine, future_id: int, current_id: int | None) -> EditResult:
    """Make a future-state journey the target of a current one (None: unlink it)."""
    with writing(engine) as session:
        future = get_row(session, Journey, future_id, "journey")
        if current_id is None:
            future.current_id = None
            session.add(future)
            return EditResult(f"{future.name!r} is no longer linked to a current-state journey.")
        current = get_row(session, Journey, current_id, "journey")
        _check_link(session, future, current)
        future.current_id = current_id
        session.add(future)
        return EditResult(f"{future.name!r} is now the future state of {current.name!r}.")
