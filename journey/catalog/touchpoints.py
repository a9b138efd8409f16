"""Adding, renaming and deleting a stage's touchpoints (each on its channel)."""

from sqlalchemy import delete, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.catalog.mapping_renames import (
    mapping_note,
    renamed_touchpoint,
    update_saved_mappings,
)
from journey.catalog.rules import (
    MAX_NAME,
    EditError,
    EditResult,
    attached,
    check_confirmed,
    check_unique,
    clean_name,
    count_responses,
    get_row,
    renumber,
)
from journey.formatting import plural
from journey.store.db import writing
from journey.store.models import Response, Stage, Touchpoint
from journey.store.summaries import imports_of_stage, refresh_summaries


def stage_touchpoints(session: Session, stage_id: int) -> list[Touchpoint]:
    """The stage's touchpoints in their order."""
    query = (
        select(Touchpoint)
        .where(col(Touchpoint.stage_id) == stage_id)
        .order_by(col(Touchpoint.position), col(Touchpoint.id))
    )
    return list(session.scalars(query).all())


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
        stage = get_row(session, Stage, stage_id, "stage")
        points = stage_touchpoints(session, stage_id)
        where = f"Stage {stage.name!r}"
        check_unique(name, [p.name for p in points], what="touchpoint", where=where)
        point = Touchpoint(stage_id=stage_id, name=name, channel=channel)
        renumber(session, [*points, point])
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
        point = get_row(session, Touchpoint, touchpoint_id, "touchpoint")
        stage = get_row(session, Stage, point.stage_id, "stage")
        old = point.name
        if channel is not None:
            point.channel = clean_channel(channel)
        new = old if name is None else clean_name(name, what="touchpoint")
        also = ""
        if new != old:
            siblings = stage_touchpoints(session, point.stage_id)
            others = [p.name for p in siblings if p.id != point.id]
            check_unique(new, others, what="touchpoint", where=f"Stage {stage.name!r}")
            point.name = new
            rename = renamed_touchpoint(stage.name, old, new)
            also = mapping_note(update_saved_mappings(session, stage.journey_id, rename))
        session.add(point)
        responses = count_responses(session, col(Response.touchpoint_id) == touchpoint_id)
    if new == old:
        return EditResult(f"Saved touchpoint {old!r}.", responses)
    summary = f"Renamed touchpoint {old!r} to {new!r}{attached(responses)}{also}."
    return EditResult(summary, responses)


def delete_touchpoint(
    *, engine: Engine, touchpoint_id: int, confirmed_responses: int
) -> EditResult:
    """Delete a touchpoint and the responses given about it."""
    with writing(engine) as session:
        point = get_row(session, Touchpoint, touchpoint_id, "touchpoint")
        stage_id, name = point.stage_id, point.name
        responses = count_responses(session, col(Response.touchpoint_id) == touchpoint_id)
        check_confirmed(responses, confirmed_responses, f"Touchpoint {name!r}")
        # The summaries know stages, not touchpoints: the stage's imports are recounted.
        imports = imports_of_stage(session=session, stage_id=stage_id) if responses else []
        for statement in (
            delete(Response).where(col(Response.touchpoint_id) == touchpoint_id),
            delete(Touchpoint).where(col(Touchpoint.id) == touchpoint_id),
        ):
            session.execute(statement)
        refresh_summaries(session=session, import_ids=imports)
        renumber(session, stage_touchpoints(session, stage_id))
    return EditResult(
        f"Deleted touchpoint {name!r} with {plural(responses, 'response')}.", responses
    )
