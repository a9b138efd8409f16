"""Editing journeys, stages, touchpoints, future-state targets, personas and notes.

Every write is one transaction through `writing`, so the caches see it at once, and a refused
edit raises `EditError` with a message for the person at the screen, changing nothing.

Names are unique ignoring case (the importer matches stage, touchpoint, persona and journey
names case-insensitively). Renames keep ids: responses refer to stage, touchpoint, persona and
journey ids, so they stay attached; the saved mappings of wide exports, which name stages,
touchpoints and personas, are updated in the same transaction so the next wave still imports.
A deleted journey, stage or touchpoint takes its responses with it, and only as many as the
user confirmed: when an import lands between the confirmation and the click, nothing is deleted.
A persona that responses refer to cannot be deleted (delete the imports instead).
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

import pandas as pd
import yaml
from sqlalchemy import delete, func, update
from sqlalchemy import select as sql_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from journey.catalog.definitions import DefinitionsError, import_definitions
from journey.ingest import mapping as wide_mapping
from journey.store.db import new_id, writing
from journey.store.lookups import journey_stages
from journey.store.models import (
    JOURNEY_STATES,
    NOTE_KINDS,
    UNSPECIFIED_PERSONA,
    Journey,
    Note,
    Outcome,
    Persona,
    Response,
    SavedMapping,
    Stage,
    SurveyImport,
    Touchpoint,
)

MAX_NAME = 120
MAX_TEXT = 4000
Row = TypeVar("Row", bound=SQLModel)


class EditError(ValueError):
    """The edit is refused and nothing changed; the message says why."""


@dataclass(frozen=True)
class EditResult:
    """What an edit did, in words, with the number of responses it concerned."""

    summary: str
    responses: int = 0


@dataclass(frozen=True)
class StageTarget:
    """A future-state stage's targets: emotion (−1 … +1) and meets-or-exceeds share (0 … 1)."""

    emotion: float | None = None
    meets_or_exceeds: float | None = None


@dataclass(frozen=True)
class ResponseCounts:
    """Stored responses of a journey: in all, per stage id and per touchpoint id."""

    journey: int
    stages: dict[int, int]
    touchpoints: dict[int, int]


# --- validation -------------------------------------------------------------------------


def clean_name(value: str, *, what: str) -> str:
    """The name without surrounding spaces; EditError if it is empty, multi-line or too long."""
    name = str(value).strip()
    if not name:
        raise EditError(f"The {what} needs a name.")
    if any(ch in name for ch in "\r\n\t\x00"):
        raise EditError(f"A {what} name is one line of text.")
    if len(name) > MAX_NAME:
        raise EditError(f"A {what} name has at most {MAX_NAME} characters, not {len(name)}.")
    return name


def clean_text(value: str, *, what: str, required: bool = False) -> str:
    """Free text without surrounding spaces; EditError if required and empty, or too long."""
    text = str(value or "").strip()
    if required and not text:
        raise EditError(f"The {what} is empty.")
    if len(text) > MAX_TEXT:
        raise EditError(f"The {what} has at most {MAX_TEXT:,} characters, not {len(text):,}.")
    return text


def _unique(name: str, taken: Iterable[str], *, what: str, where: str = "") -> None:
    clash = next((other for other in taken if other.lower() == name.lower()), None)
    if clash is None:
        return
    place = f"{where} already has" if where else "There is already"
    raise EditError(f"{place} a {what} named {clash!r}: names are unique, ignoring case.")


def _get(session: Session, table: type[Row], row_id: int, what: str) -> Row:
    row = session.get(table, row_id)
    if row is None:
        raise EditError(f"There is no {what} #{row_id} (it may have been deleted meanwhile).")
    return row


def _count(session: Session, *conditions: Any) -> int:
    query = sql_select(func.count()).select_from(Response).where(*conditions)
    return int(session.exec(query).one()[0])  # type: ignore[call-overload]


def _plural(number: int, word: str) -> str:
    return f"{number:,} {word}" + ("" if number == 1 else "s")


def _check_confirmed(found: int, confirmed: int, what: str) -> None:
    if found != confirmed:
        raise EditError(
            f"{what} now has {_plural(found, 'response')}, not the {confirmed:,} you confirmed "
            "(data was imported or deleted meanwhile). Nothing was deleted: check and confirm "
            "again."
        )


# --- counts ---------------------------------------------------------------------------


def response_counts(*, engine: Engine, journey_id: int) -> ResponseCounts:
    """How many responses refer to the journey, each of its stages and each touchpoint."""
    query = (
        sql_select(Response.stage_id, Response.touchpoint_id, func.count())
        .where(col(Response.journey_id) == journey_id)
        .group_by(col(Response.stage_id), col(Response.touchpoint_id))
    )
    stages: dict[int, int] = {}
    touchpoints: dict[int, int] = {}
    with engine.connect() as connection:
        for stage_id, touchpoint_id, number in connection.execute(query):
            stages[stage_id] = stages.get(stage_id, 0) + number
            if touchpoint_id is not None:
                touchpoints[touchpoint_id] = touchpoints.get(touchpoint_id, 0) + number
    return ResponseCounts(sum(stages.values()), stages, touchpoints)


def touchpoint_rows(*, engine: Engine, journey_id: int) -> pd.DataFrame:
    """The journey's touchpoints with their ids, in stage and touchpoint order."""
    query = (
        sql_select(Touchpoint.id, Stage.id, Stage.name, Touchpoint.name, Touchpoint.channel)
        .join(Stage, col(Stage.id) == col(Touchpoint.stage_id))
        .where(col(Stage.journey_id) == journey_id)
        .order_by(col(Stage.position), col(Touchpoint.position), col(Touchpoint.id))
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return pd.DataFrame(
        rows, columns=["touchpoint_id", "stage_id", "stage", "touchpoint", "channel"]
    )


def persona_table(*, engine: Engine) -> pd.DataFrame:
    """Every persona with its respondents (distinct ids per journey) and responses."""
    people = (
        sql_select(Response.persona_id, Response.journey_id, Response.respondent_id)
        .distinct()
        .subquery()
    )
    respondents = (
        sql_select(people.c.persona_id, func.count().label("respondents"))
        .group_by(people.c.persona_id)
        .subquery()
    )
    responses = (
        sql_select(Response.persona_id, func.count().label("responses"))
        .group_by(col(Response.persona_id))
        .subquery()
    )
    query = (
        sql_select(
            Persona.id,
            Persona.name,
            Persona.description,
            Persona.goals,
            Persona.pain_points,
            func.coalesce(respondents.c.respondents, 0),
            func.coalesce(responses.c.responses, 0),
        )
        .outerjoin(respondents, respondents.c.persona_id == col(Persona.id))
        .outerjoin(responses, responses.c.persona_id == col(Persona.id))
        .order_by(col(Persona.id))
    )
    columns = ["persona_id", "name", "description", "goals", "pain_points"]
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=[*columns, "respondents", "responses"])
    return frame.astype({"respondents": int, "responses": int})


# --- saved mappings follow renames ------------------------------------------------------


def _update_saved_mappings(
    session: Session,
    journey_id: int | None,
    change: Callable[[wide_mapping.Mapping], wide_mapping.Mapping],
) -> int:
    """Apply a rename to the saved mappings (of one journey, or all); counts those changed."""
    query = select(SavedMapping)
    if journey_id is not None:
        query = query.where(col(SavedMapping.journey_id) == journey_id)
    changed = 0
    for saved in session.exec(query).all():
        try:
            before = wide_mapping.load_mapping(saved.mapping_yaml)
        except wide_mapping.MappingError:
            continue  # an unreadable mapping is offered to nobody anyway
        after = change(before)
        if after != before:
            saved.mapping_yaml = after.to_yaml()
            session.add(saved)
            changed += 1
    return changed


def _renamed_stage(old: str, new: str) -> Callable[[wide_mapping.Mapping], wide_mapping.Mapping]:
    def same(stage: str) -> bool:
        return stage.strip().lower() == old.lower()

    def change(found: wide_mapping.Mapping) -> wide_mapping.Mapping:
        return replace(
            found,
            ratings=tuple(replace(r, stage=new) if same(r.stage) else r for r in found.ratings),
            expectations=tuple(
                replace(e, stage=new) if same(e.stage) else e for e in found.expectations
            ),
            comments=tuple(replace(c, stage=new) if same(c.stage) else c for c in found.comments),
        )

    return change


def _renamed_touchpoint(
    stage: str, old: str, new: str
) -> Callable[[wide_mapping.Mapping], wide_mapping.Mapping]:
    def same(rating: wide_mapping.RatingColumn) -> bool:
        return (
            rating.stage.strip().lower() == stage.lower()
            and (rating.touchpoint or "").strip().lower() == old.lower()
        )

    def change(found: wide_mapping.Mapping) -> wide_mapping.Mapping:
        ratings = tuple(replace(r, touchpoint=new) if same(r) else r for r in found.ratings)
        return replace(found, ratings=ratings)

    return change


def _renamed_persona(old: str, new: str) -> Callable[[wide_mapping.Mapping], wide_mapping.Mapping]:
    def change(found: wide_mapping.Mapping) -> wide_mapping.Mapping:
        names = {
            value: new if name.strip().lower() == old.lower() else name
            for value, name in found.persona_names.items()
        }
        if found.persona and old not in names:
            names[old] = new  # a file that still says the old name files it under the new one
        return replace(found, persona_names=names)

    return change


def _mapping_note(changed: int) -> str:
    return f"; {_plural(changed, 'saved mapping')} updated" if changed else ""


# --- journeys -------------------------------------------------------------------------


def create_journey(
    *, engine: Engine, name: str, description: str = "", state: str = "current"
) -> int:
    """Create a journey without stages; return its id."""
    name = clean_name(name, what="journey")
    if state not in JOURNEY_STATES:
        raise EditError(f"A journey's state is 'current' or 'future', not {state!r}.")
    with writing(engine) as session:
        _unique(name, _names(session, Journey), what="journey")
        journey = Journey(
            name=name, description=clean_text(description, what="description"), state=state
        )
        return new_id(session, journey)


def update_journey(
    *, engine: Engine, journey_id: int, name: str | None = None, description: str | None = None
) -> EditResult:
    """Rename the journey and/or change its description; responses stay attached."""
    with writing(engine) as session:
        journey = _get(session, Journey, journey_id, "journey")
        old = journey.name
        if description is not None:
            journey.description = clean_text(description, what="description")
        new = old if name is None else clean_name(name, what="journey")
        if new != old:
            others = _names(session, Journey, other_than=journey_id)
            _unique(new, others, what="journey")
            journey.name = new
        session.add(journey)
        responses = _count(session, col(Response.journey_id) == journey_id)
    if new == old:
        return EditResult(f"Saved journey {old!r}.", responses)
    return EditResult(f"Renamed journey {old!r} to {new!r}{_attached(responses)}.", responses)


def _attached(responses: int) -> str:
    return f" ({_plural(responses, 'response')} stay attached)" if responses else ""


def delete_journey(*, engine: Engine, journey_id: int, confirmed_responses: int) -> EditResult:
    """Delete a journey with its stages, touchpoints, notes, imports, responses and outcomes.

    A future-state journey that targets it stays, unlinked.
    """
    with writing(engine) as session:
        journey = _get(session, Journey, journey_id, "journey")
        name = journey.name
        responses = _count(session, col(Response.journey_id) == journey_id)
        _check_confirmed(responses, confirmed_responses, f"Journey {name!r}")
        imports = session.exec(
            sql_select(func.count()).where(col(SurveyImport.journey_id) == journey_id)  # type: ignore[call-overload]
        ).one()[0]
        stage_ids = sql_select(Stage.id).where(col(Stage.journey_id) == journey_id)
        for statement in (
            delete(Response).where(col(Response.journey_id) == journey_id),
            delete(Outcome).where(col(Outcome.journey_id) == journey_id),
            delete(SurveyImport).where(col(SurveyImport.journey_id) == journey_id),
            delete(SavedMapping).where(col(SavedMapping.journey_id) == journey_id),
            delete(Note).where(col(Note.journey_id) == journey_id),
            delete(Touchpoint).where(col(Touchpoint.stage_id).in_(stage_ids)),
            delete(Stage).where(col(Stage.journey_id) == journey_id),
            update(Journey).where(col(Journey.current_id) == journey_id).values(current_id=None),
            delete(Journey).where(col(Journey.id) == journey_id),
        ):
            session.exec(statement)  # type: ignore[call-overload]
    summary = f"Deleted journey {name!r} with {_plural(responses, 'response')}"
    summary += f" from {_plural(int(imports), 'import')}." if imports else "."
    return EditResult(summary, responses)


# --- stages ---------------------------------------------------------------------------


def _names(
    session: Session,
    model: type[Journey] | type[Persona] | type[Stage],
    *,
    journey_id: int | None = None,
    other_than: int | None = None,
) -> list[str]:
    """Names already taken: of every journey or persona, or of one journey's stages."""
    query = select(model.name)
    if journey_id is not None:
        query = query.where(col(Stage.journey_id) == journey_id)
    if other_than is not None:
        query = query.where(col(model.id) != other_than)
    return list(session.exec(query).all())


def _renumber(session: Session, rows: Sequence[Stage] | Sequence[Touchpoint]) -> None:
    """Positions 0, 1, 2… in the order given."""
    for position, row in enumerate(rows):
        row.position = position
        session.add(row)


def add_stage(
    *, engine: Engine, journey_id: int, name: str, goal: str = "", position: int | None = None
) -> int:
    """Add a stage at a position (0 is first; default: last); return its id."""
    name = clean_name(name, what="stage")
    goal = clean_text(goal, what="goal")
    with writing(engine) as session:
        journey = _get(session, Journey, journey_id, "journey")
        where = f"Journey {journey.name!r}"
        _unique(name, _names(session, Stage, journey_id=journey_id), what="stage", where=where)
        stages = journey_stages(session=session, journey_id=journey_id)
        at = len(stages) if position is None else position
        if not 0 <= at <= len(stages):
            raise EditError(f"A new stage goes at position 1 to {len(stages) + 1}, not {at + 1}.")
        stage = Stage(journey_id=journey_id, name=name, position=at, goal=goal)
        stages.insert(at, stage)
        _renumber(session, stages)
        session.flush()
        assert stage.id is not None
        return stage.id


def update_stage(
    *, engine: Engine, stage_id: int, name: str | None = None, goal: str | None = None
) -> EditResult:
    """Rename a stage and/or change its goal; responses stay attached.

    The namesake stage of its future-state journey is renamed with it (targets are matched by
    name), and so are the stage's columns in the journey's saved mappings.
    """
    with writing(engine) as session:
        stage = _get(session, Stage, stage_id, "stage")
        journey = _get(session, Journey, stage.journey_id, "journey")
        old = stage.name
        if goal is not None:
            stage.goal = clean_text(goal, what="goal")
        new = old if name is None else clean_name(name, what="stage")
        also = ""
        if new != old:
            others = _names(session, Stage, journey_id=stage.journey_id, other_than=stage_id)
            _unique(new, others, what="stage", where=f"Journey {journey.name!r}")
            stage.name = new
            session.add(stage)
            session.flush()
            also = _rename_future_stages(session, stage.journey_id, old, new)
            changed = _update_saved_mappings(session, stage.journey_id, _renamed_stage(old, new))
            also += _mapping_note(changed)
        session.add(stage)
        responses = _count(session, col(Response.stage_id) == stage_id)
    if new == old:
        return EditResult(f"Saved stage {old!r}.", responses)
    return EditResult(f"Renamed stage {old!r} to {new!r}{_attached(responses)}{also}.", responses)


def _rename_future_stages(session: Session, journey_id: int, old: str, new: str) -> str:
    futures = session.exec(select(Journey).where(col(Journey.current_id) == journey_id)).all()
    done = ""
    for future in futures:
        assert future.id is not None
        namesake = session.exec(
            select(Stage).where(col(Stage.journey_id) == future.id, col(Stage.name) == old)
        ).first()
        if namesake is None:
            continue
        taken = _names(session, Stage, journey_id=future.id, other_than=namesake.id)
        if not any(other.lower() == new.lower() for other in taken):
            namesake.name = new
            session.add(namesake)
            done += f"; renamed in its future state {future.name!r} too"
    return done


def _reorder(session: Session, journey: Journey, stage_ids: Sequence[int]) -> str:
    assert journey.id is not None
    stages = {s.id: s for s in journey_stages(session=session, journey_id=journey.id)}
    if sorted(stage_ids) != sorted(stages):
        raise EditError(
            f"A new order of {journey.name!r} must list each of its {len(stages)} stages once."
        )
    ordered = [stages[stage_id] for stage_id in stage_ids]
    _renumber(session, ordered)
    return f"New stage order of {journey.name!r}: {' → '.join(s.name for s in ordered)}."


def reorder_stages(*, engine: Engine, journey_id: int, stage_ids: Sequence[int]) -> EditResult:
    """Put the journey's stages in this order (every stage id once)."""
    with writing(engine) as session:
        journey = _get(session, Journey, journey_id, "journey")
        return EditResult(_reorder(session, journey, stage_ids))


def move_stage(*, engine: Engine, stage_id: int, position: int) -> EditResult:
    """Move a stage to a position (0 is first); the others keep their order."""
    with writing(engine) as session:
        stage = _get(session, Stage, stage_id, "stage")
        journey = _get(session, Journey, stage.journey_id, "journey")
        ids = [s.id or 0 for s in journey_stages(session=session, journey_id=stage.journey_id)]
        if not 0 <= position < len(ids):
            raise EditError(f"Stage positions go from 1 to {len(ids)}, not {position + 1}.")
        ids.remove(stage_id)
        ids.insert(position, stage_id)
        return EditResult(_reorder(session, journey, ids))


def delete_stage(*, engine: Engine, stage_id: int, confirmed_responses: int) -> EditResult:
    """Delete a stage with its touchpoints, notes and responses; the others close ranks."""
    with writing(engine) as session:
        stage = _get(session, Stage, stage_id, "stage")
        journey_id, name = stage.journey_id, stage.name
        responses = _count(session, col(Response.stage_id) == stage_id)
        _check_confirmed(responses, confirmed_responses, f"Stage {name!r}")
        notes = session.exec(
            sql_select(func.count()).where(col(Note.stage_id) == stage_id)  # type: ignore[call-overload]
        ).one()[0]
        for statement in (
            delete(Response).where(col(Response.stage_id) == stage_id),
            delete(Note).where(col(Note.stage_id) == stage_id),
            delete(Touchpoint).where(col(Touchpoint.stage_id) == stage_id),
            delete(Stage).where(col(Stage.id) == stage_id),
        ):
            session.exec(statement)  # type: ignore[call-overload]
        _renumber(session, journey_stages(session=session, journey_id=journey_id))
    summary = f"Deleted stage {name!r} with {_plural(responses, 'response')}"
    summary += f" and {_plural(int(notes), 'note')}." if notes else "."
    return EditResult(summary, responses)


# --- future state ---------------------------------------------------------------------


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
        journey = _get(session, Journey, journey_id, "journey")
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
    query = select(Journey.name).where(col(Journey.current_id) == current.id)
    if future.id is not None:
        query = query.where(col(Journey.id) != future.id)
    other = session.exec(query).first()
    if other is not None:
        raise EditError(f"{current.name!r} already has a future state: {other!r}.")


def create_future_state(*, engine: Engine, current_id: int, name: str) -> int:
    """A future-state journey for a current one: its stages and touchpoints copied, linked."""
    name = clean_name(name, what="journey")
    with writing(engine) as session:
        current = _get(session, Journey, current_id, "journey")
        _unique(name, _names(session, Journey), what="journey")
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
                for p in _touchpoints(session, stage.id)
            )
        return future.id


def link_future_state(*, engine: Engine, future_id: int, current_id: int | None) -> EditResult:
    """Make a future-state journey the target of a current one (None: unlink it)."""
    with writing(engine) as session:
        future = _get(session, Journey, future_id, "journey")
        if current_id is None:
            future.current_id = None
            session.add(future)
            return EditResult(f"{future.name!r} is no longer linked to a current-state journey.")
        current = _get(session, Journey, current_id, "journey")
        _check_link(session, future, current)
        future.current_id = current_id
        session.add(future)
        return EditResult(f"{future.name!r} is now the future state of {current.name!r}.")


# --- touchpoints ----------------------------------------------------------------------


def _touchpoints(session: Session, stage_id: int) -> list[Touchpoint]:
    query = (
        select(Touchpoint)
        .where(col(Touchpoint.stage_id) == stage_id)
        .order_by(col(Touchpoint.position), col(Touchpoint.id))
    )
    return list(session.exec(query).all())


def clean_channel(value: str) -> str:
    """The channel as typed, without surrounding spaces (free text: web, app, store…)."""
    channel = str(value or "").strip()
    if any(ch in channel for ch in "\r\n\t\x00") or len(channel) > MAX_NAME:
        raise EditError(f"A channel is one line of at most {MAX_NAME} characters.")
    return channel


def add_touchpoint(*, engine: Engine, stage_id: int, name: str, channel: str = "") -> int:
    """Add a touchpoint (with its channel) after the stage's others; return its id."""
    name = clean_name(name, what="touchpoint")
    channel = clean_channel(channel)
    with writing(engine) as session:
        stage = _get(session, Stage, stage_id, "stage")
        points = _touchpoints(session, stage_id)
        _unique(name, [p.name for p in points], what="touchpoint", where=f"Stage {stage.name!r}")
        point = Touchpoint(stage_id=stage_id, name=name, channel=channel)
        _renumber(session, [*points, point])
        session.flush()
        assert point.id is not None
        return point.id


def update_touchpoint(
    *, engine: Engine, touchpoint_id: int, name: str | None = None, channel: str | None = None
) -> EditResult:
    """Rename a touchpoint and/or change its channel; responses stay attached.

    Stored responses keep the channel they were imported with.
    """
    with writing(engine) as session:
        point = _get(session, Touchpoint, touchpoint_id, "touchpoint")
        stage = _get(session, Stage, point.stage_id, "stage")
        old = point.name
        if channel is not None:
            point.channel = clean_channel(channel)
        new = old if name is None else clean_name(name, what="touchpoint")
        also = ""
        if new != old:
            others = [p.name for p in _touchpoints(session, point.stage_id) if p.id != point.id]
            _unique(new, others, what="touchpoint", where=f"Stage {stage.name!r}")
            point.name = new
            rename = _renamed_touchpoint(stage.name, old, new)
            also = _mapping_note(_update_saved_mappings(session, stage.journey_id, rename))
        session.add(point)
        responses = _count(session, col(Response.touchpoint_id) == touchpoint_id)
    if new == old:
        return EditResult(f"Saved touchpoint {old!r}.", responses)
    summary = f"Renamed touchpoint {old!r} to {new!r}{_attached(responses)}{also}."
    return EditResult(summary, responses)


def delete_touchpoint(
    *, engine: Engine, touchpoint_id: int, confirmed_responses: int
) -> EditResult:
    """Delete a touchpoint and the responses given about it."""
    with writing(engine) as session:
        point = _get(session, Touchpoint, touchpoint_id, "touchpoint")
        stage_id, name = point.stage_id, point.name
        responses = _count(session, col(Response.touchpoint_id) == touchpoint_id)
        _check_confirmed(responses, confirmed_responses, f"Touchpoint {name!r}")
        for statement in (
            delete(Response).where(col(Response.touchpoint_id) == touchpoint_id),
            delete(Touchpoint).where(col(Touchpoint.id) == touchpoint_id),
        ):
            session.exec(statement)  # type: ignore[call-overload]
        _renumber(session, _touchpoints(session, stage_id))
    return EditResult(
        f"Deleted touchpoint {name!r} with {_plural(responses, 'response')}.", responses
    )


# --- personas -------------------------------------------------------------------------


def create_persona(
    *, engine: Engine, name: str, description: str = "", goals: str = "", pain_points: str = ""
) -> int:
    """Create a persona; return its id."""
    name = clean_name(name, what="persona")
    persona = Persona(
        name=name,
        description=clean_text(description, what="description"),
        goals=clean_text(goals, what="goals"),
        pain_points=clean_text(pain_points, what="pain points"),
    )
    with writing(engine) as session:
        _unique(name, _names(session, Persona), what="persona")
        return new_id(session, persona)


def update_persona(
    *,
    engine: Engine,
    persona_id: int,
    name: str | None = None,
    description: str | None = None,
    goals: str | None = None,
    pain_points: str | None = None,
) -> EditResult:
    """Rename a persona and/or change its texts; its responses and saved mappings follow."""
    texts = {"description": description, "goals": goals, "pain_points": pain_points}
    with writing(engine) as session:
        persona = _get(session, Persona, persona_id, "persona")
        old = persona.name
        for field, value in texts.items():
            if value is not None:
                setattr(persona, field, clean_text(value, what=field.replace("_", " ")))
        new = old if name is None else clean_name(name, what="persona")
        also = ""
        if new != old:
            if old == UNSPECIFIED_PERSONA:
                raise EditError(
                    f"Imports put respondents without a persona under {old!r}, so it keeps "
                    "its name (its description can change)."
                )
            others = _names(session, Persona, other_than=persona_id)
            _unique(new, others, what="persona")
            persona.name = new
            also = _mapping_note(_update_saved_mappings(session, None, _renamed_persona(old, new)))
        session.add(persona)
        responses = _count(session, col(Response.persona_id) == persona_id)
    if new == old:
        return EditResult(f"Saved persona {old!r}.", responses)
    summary = f"Renamed persona {old!r} to {new!r}{_attached(responses)}{also}."
    return EditResult(summary, responses)


def delete_persona(*, engine: Engine, persona_id: int) -> EditResult:
    """Delete a persona that no response refers to."""
    with writing(engine) as session:
        persona = _get(session, Persona, persona_id, "persona")
        name = persona.name
        responses = _count(session, col(Response.persona_id) == persona_id)
        if responses:
            raise EditError(
                f"{_plural(responses, 'response')} refer to persona {name!r}, so it cannot be "
                "deleted: rename it, or delete the imports that brought those responses."
            )
        session.delete(persona)
    return EditResult(f"Deleted persona {name!r}.")


# --- notes ----------------------------------------------------------------------------


def _note_fields(
    session: Session, journey_id: int, stage_id: int | None, kind: str, text: str, author: str
) -> dict[str, Any]:
    journey = _get(session, Journey, journey_id, "journey")
    if kind not in NOTE_KINDS:
        raise EditError(f"A note is an {', a '.join(NOTE_KINDS)}; not {kind!r}.")
    if stage_id is not None:
        stage = _get(session, Stage, stage_id, "stage")
        if stage.journey_id != journey_id:
            raise EditError(f"Stage {stage.name!r} is not a stage of {journey.name!r}.")
    author = str(author or "").strip()
    if not author:
        raise EditError("Say who wrote the note: the author is empty.")
    if len(author) > MAX_NAME:
        raise EditError(f"An author has at most {MAX_NAME} characters, not {len(author)}.")
    return {
        "stage_id": stage_id,
        "kind": kind,
        "text": clean_text(text, what="note", required=True),
        "author": author,
    }


def add_note(
    *,
    engine: Engine,
    journey_id: int,
    stage_id: int | None,
    kind: str,
    text: str,
    author: str,
    created_at: datetime | None = None,
) -> int:
    """Write a note on a stage (or on the whole journey when stage_id is None); return its id."""
    with writing(engine) as session:
        fields = _note_fields(session, journey_id, stage_id, kind, text, author)
        note = Note(journey_id=journey_id, created_at=created_at or datetime.now(UTC), **fields)
        return new_id(session, note)


def update_note(
    *, engine: Engine, note_id: int, stage_id: int | None, kind: str, text: str, author: str
) -> EditResult:
    """Change a note's stage, kind, text and author; it keeps the time it was written."""
    with writing(engine) as session:
        note = _get(session, Note, note_id, "note")
        fields = _note_fields(session, note.journey_id, stage_id, kind, text, author)
        for field, value in fields.items():
            setattr(note, field, value)
        session.add(note)
    return EditResult(f"Saved the {kind} note.")


def delete_note(*, engine: Engine, note_id: int) -> EditResult:
    """Delete one note."""
    with writing(engine) as session:
        note = _get(session, Note, note_id, "note")
        kind = note.kind
        session.delete(note)
    return EditResult(f"Deleted the {kind} note.")


# --- definitions files ----------------------------------------------------------------


def import_definitions_file(*, engine: Engine, content: bytes, file_name: str) -> EditResult:
    """Import an uploaded definitions YAML (create or update, never delete), or say why not."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EditError(f"{file_name}: not UTF-8 text (byte {error.start}).") from None
    check_definitions(engine=engine, text=text, source=file_name)
    try:
        counts = import_definitions(engine, text, source=file_name)
    except DefinitionsError as error:
        raise EditError(str(error)) from None
    personas, journeys = counts["personas"], counts["journeys"]
    return EditResult(
        f"{file_name}: {_plural(personas, 'persona')} and {_plural(journeys, 'journey')} "
        "imported (created or updated; nothing deleted)."
    )


def check_definitions(*, engine: Engine, text: str, source: str) -> None:
    """Refuse a definitions file whose lists are not lists, or whose names differ only in case
    from each other or from stored ones (the import matches names exactly, the importer of
    responses ignoring case, so such a file would make near-duplicates)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # import_definitions says where the YAML breaks
    if not isinstance(document, dict):
        return
    stored = _stored_definitions(engine)
    personas = _items(document.get("personas"), f"{source}: personas")
    _no_case_clash(personas, stored["personas"], f"{source}: personas", "persona")
    journeys = _items(document.get("journeys"), f"{source}: journeys")
    _no_case_clash(journeys, stored["journeys"], f"{source}: journeys", "journey")
    for i, journey in enumerate(journeys):
        if not isinstance(journey, dict):
            continue
        where = f"{source}: journeys[{i}]"
        stages = _items(journey.get("stages"), f"{where}.stages")
        known = stored["stages"].get(str(journey.get("name") or "").strip(), {})
        _no_case_clash(stages, known, f"{where}.stages", "stage")
        for j, stage in enumerate(stages):
            if not isinstance(stage, dict):
                continue
            points = _items(stage.get("touchpoints"), f"{where}.stages[{j}].touchpoints")
            existing = known.get(str(stage.get("name") or "").strip(), [])
            _no_case_clash(points, existing, f"{where}.stages[{j}].touchpoints", "touchpoint")


def _items(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise EditError(f"{where} must be a list (one '- ' item per entry).")
    return value


def _no_case_clash(items: list[Any], stored: Iterable[str], where: str, what: str) -> None:
    existing = {name.lower(): name for name in stored}
    seen: dict[str, str] = {}
    for item in items:
        name = str(item.get("name") or "").strip() if isinstance(item, dict) else ""
        if not name:
            continue
        twin = seen.get(name.lower()) or existing.get(name.lower())
        if twin is not None and twin != name:
            raise EditError(
                f"{where}: {what} {name!r} differs from {twin!r} only in case; names are "
                "unique ignoring case, so spell it the same way."
            )
        seen[name.lower()] = name


def _stored_definitions(engine: Engine) -> dict[str, Any]:
    """Stored names: personas, journeys, and per journey its stages with their touchpoints."""
    query = (
        sql_select(Journey.name, Stage.name, Touchpoint.name)
        .outerjoin(Stage, col(Stage.journey_id) == col(Journey.id))
        .outerjoin(Touchpoint, col(Touchpoint.stage_id) == col(Stage.id))
    )
    stages: dict[str, dict[str, list[str]]] = {}
    with engine.connect() as connection:
        for journey, stage, point in connection.execute(query):
            in_journey = stages.setdefault(journey, {})
            if stage is not None:
                in_journey.setdefault(stage, []).extend([point] if point else [])
        personas = list(connection.execute(sql_select(Persona.name)).scalars())
    return {"personas": personas, "journeys": list(stages), "stages": stages}
