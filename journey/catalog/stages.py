"""Adding, renaming, reordering and deleting a journey's stages."""

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.catalog.mapping_renames import mapping_note, renamed_stage, update_saved_mappings
from journey.catalog.rules import (
    EditError,
    EditResult,
    attached,
    check_confirmed,
    check_unique,
    clean_name,
    clean_text,
    count_responses,
    count_rows,
    get_row,
    names_taken,
    renumber,
)
from journey.formatting import plural
from journey.store.db import writing
from journey.store.lookups import journey_stages
from journey.store.models import Journey, Note, Response, Stage, Touchpoint
from journey.store.summaries import imports_of_stage, refresh_summaries


def add_stage(
    *, engine: Engine, journey_id: int, name: str, goal: str = "", position: int | None = None
) -> int:
    """Add a stage at a position (0 is first; default: last); return its id."""
    name = clean_name(name, what="stage")
    goal = clean_text(goal, what="goal")
    with writing(engine) as session:
        journey = get_row(session, Journey, journey_id, "journey")
        where = f"Journey {journey.name!r}"
        taken = names_taken(session, Stage, journey_id=journey_id)
        check_unique(name, taken, what="stage", where=where)
        stages = journey_stages(session=session, journey_id=journey_id)
        at = len(stages) if position is None else position
        if not 0 <= at <= len(stages):
            raise EditError(f"A new stage goes at position 1 to {len(stages) + 1}, not {at + 1}.")
        stage = Stage(journey_id=journey_id, name=name, position=at, goal=goal)
        stages.insert(at, stage)
        renumber(session, stages)
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
        stage = get_row(session, Stage, stage_id, "stage")
        journey = get_row(session, Journey, stage.journey_id, "journey")
        old = stage.name
        if goal is not None:
            stage.goal = clean_text(goal, what="goal")
        new = old if name is None else clean_name(name, what="stage")
        also = ""
        if new != old:
            others = names_taken(session, Stage, journey_id=stage.journey_id, other_than=stage_id)
            check_unique(new, others, what="stage", where=f"Journey {journey.name!r}")
            stage.name = new
            session.add(stage)
            session.flush()
            also = _rename_future_stages(session, stage.journey_id, old, new)
            changed = update_saved_mappings(session, stage.journey_id, renamed_stage(old, new))
            also += mapping_note(changed)
        session.add(stage)
        responses = count_responses(session, col(Response.stage_id) == stage_id)
    if new == old:
        return EditResult(f"Saved stage {old!r}.", responses)
    return EditResult(f"Renamed stage {old!r} to {new!r}{attached(responses)}{also}.", responses)


def _rename_future_stages(session: Session, journey_id: int, old: str, new: str) -> str:
    futures = session.scalars(select(Journey).where(col(Journey.current_id) == journey_id)).all()
    done = ""
    for future in futures:
        assert future.id is not None
        namesake = session.scalars(
            select(Stage).where(col(Stage.journey_id) == future.id, col(Stage.name) == old)
        ).first()
        if namesake is None:
            continue
        taken = names_taken(session, Stage, journey_id=future.id, other_than=namesake.id)
        if not any(other.lower() == new.lower() for other in taken):
            namesake.name = new
            session.add(namesake)
            done += f"; renamed in its future state {future.name!r} too"
    return done


def _reorder(session: Session, journey: Journey, stage_ids: Sequence[int]) -> str:
    assert journey.id is not None
    stages = {s.id or 0: s for s in journey_stages(session=session, journey_id=journey.id)}
    if sorted(stage_ids) != sorted(stages):
        raise EditError(
            f"A new order of {journey.name!r} must list each of its {len(stages)} stages once."
        )
    ordered = [stages[stage_id] for stage_id in stage_ids]
    renumber(session, ordered)
    return f"New stage order of {journey.name!r}: {' → '.join(s.name for s in ordered)}."


def reorder_stages(*, engine: Engine, journey_id: int, stage_ids: Sequence[int]) -> EditResult:
    """Put the journey's stages in this order (every stage id once)."""
    with writing(engine) as session:
        journey = get_row(session, Journey, journey_id, "journey")
        return EditResult(_reorder(session, journey, stage_ids))


def move_stage(*, engine: Engine, stage_id: int, position: int) -> EditResult:
    """Move a stage to a position (0 is first); the others keep their order."""
    with writing(engine) as session:
        stage = get_row(session, Stage, stage_id, "stage")
        journey = get_row(session, Journey, stage.journey_id, "journey")
        ids = [s.id or 0 for s in journey_stages(session=session, journey_id=stage.journey_id)]
        if not 0 <= position < len(ids):
            raise EditError(f"Stage positions go from 1 to {len(ids)}, not {position + 1}.")
        ids.remove(stage_id)
        ids.insert(position, stage_id)
        return EditResult(_reorder(session, journey, ids))


def delete_stage(*, engine: Engine, stage_id: int, confirmed_responses: int) -> EditResult:
    """Delete a stage with its touchpoints, notes and responses; the others close ranks."""
    with writing(engine) as session:
        stage = get_row(session, Stage, stage_id, "stage")
        journey_id, name = stage.journey_id, stage.name
        responses = count_responses(session, col(Response.stage_id) == stage_id)
        check_confirmed(responses, confirmed_responses, f"Stage {name!r}")
        notes = count_rows(session, Note, col(Note.stage_id) == stage_id)
        imports = imports_of_stage(session=session, stage_id=stage_id) if responses else []
        for statement in (
            delete(Response).where(col(Response.stage_id) == stage_id),
            delete(Note).where(col(Note.stage_id) == stage_id),
            delete(Touchpoint).where(col(Touchpoint.stage_id) == stage_id),
            delete(Stage).where(col(Stage.id) == stage_id),
        ):
            session.execute(statement)
        refresh_summaries(session=session, import_ids=imports)
        renumber(session, journey_stages(session=session, journey_id=journey_id))
    summary = f"Deleted stage {name!r} with {plural(responses, 'response')}"
    summary += f" and {plural(notes, 'note')}." if notes else "."
    return EditResult(summary, responses)
