"""Journey definitions as YAML: personas, journeys, stages, touchpoints (DESIGN.md section 3).

Import updates by name and never deletes, so re-importing a file is safe; export writes
only what is set, in creation and stage order, so export → import → export is identical.
"""

from dataclasses import dataclass
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.schemas.base import FileError, load_yaml_model
from journey.schemas.definitions import (
    DefinitionsFile,
    JourneyItem,
    PersonaItem,
    StageItem,
    TouchpointItem,
)
from journey.store.db import writing
from journey.store.lookups import journey_stages
from journey.store.models import Journey, Persona, Stage, Touchpoint

PERSONA_FIELDS = ("description", "goals", "pain_points")


class DefinitionsError(FileError):
    """The definitions file is not valid; the message says where."""


def export_definitions(*, engine: Engine) -> str:
    """All definitions as YAML text."""
    with Session(engine) as session:
        personas = session.scalars(select(Persona).order_by(col(Persona.id))).all()
        journeys = session.scalars(select(Journey).order_by(col(Journey.id))).all()
        names = {j.id: j.name for j in journeys}
        document: dict[str, Any] = {
            "personas": [
                {"name": p.name} | {f: getattr(p, f) for f in PERSONA_FIELDS if getattr(p, f)}
                for p in personas
            ],
            "journeys": [_journey_document(session, j, names) for j in journeys],
        }
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _journey_document(
    session: Session, journey: Journey, names: dict[int | None, str]
) -> dict[str, Any]:
    document: dict[str, Any] = {"name": journey.name}
    if journey.description:
        document["description"] = journey.description
    document["state"] = journey.state
    if journey.current_id is not None:
        document["current_state"] = names[journey.current_id]
    assert journey.id is not None
    document["stages"] = [
        _stage_document(session, s) for s in journey_stages(session=session, journey_id=journey.id)
    ]
    return document


def _stage_document(session: Session, stage: Stage) -> dict[str, Any]:
    document: dict[str, Any] = {"name": stage.name}
    if stage.goal:
        document["goal"] = stage.goal
    if stage.target_emotion is not None:
        document["target_emotion"] = stage.target_emotion
    if stage.target_meets_or_exceeds is not None:
        document["target_meets_or_exceeds"] = stage.target_meets_or_exceeds
    points = session.scalars(
        select(Touchpoint)
        .where(col(Touchpoint.stage_id) == stage.id)
        .order_by(col(Touchpoint.position))
    ).all()
    if points:
        document["touchpoints"] = [
            {"name": p.name} | ({"channel": p.channel} if p.channel else {}) for p in points
        ]
    return document


def import_definitions(*, engine: Engine, text: str, source: str = "definitions") -> dict[str, int]:
    """Create or update everything in the YAML text, in one transaction; counts what it saw.

    The file is read into its declared schema (journey.schemas.definitions) and refused, with
    the key that is wrong, when it does not fit or names something that differs only in case
    from a stored name: the same rules for the command line and the app.
    """
    document = read_definitions(text, source)
    check_case_clashes(document, stored_names(engine), source)
    with writing(engine) as session:
        for persona in document.personas:
            _upsert_persona(session, persona)
        links: list[tuple[Journey, str]] = []
        for item in document.journeys:
            journey = _upsert_journey(session, item)
            if item.current_state:
                links.append((journey, item.current_state))
        session.flush()
        for journey, link in links:
            target = _named(session, Journey, link)
            if target is None:
                raise DefinitionsError(
                    f"journey {journey.name!r} is the future state of {link!r}, which is not "
                    "defined",
                    file=source,
                )
            journey.current_id = target.id
    return {"personas": len(document.personas), "journeys": len(document.journeys)}


def read_definitions(text: str, source: str) -> DefinitionsFile:
    """The definitions file in its schema, or DefinitionsError naming the file and the key."""
    try:
        return load_yaml_model(text, DefinitionsFile, source)
    except FileError as error:
        raise DefinitionsError(
            error.reason, file=error.file, line=error.line, column=error.column
        ) from None


@dataclass(frozen=True)
class StoredNames:
    """The names stored: personas, journeys, and per journey its stages and their touchpoints."""

    personas: list[str]
    journeys: list[str]
    stages: dict[str, dict[str, list[str]]]


def stored_names(engine: Engine) -> StoredNames:
    """Every stored persona, journey, stage and touchpoint name."""
    query = (
        select(col(Journey.name), col(Stage.name), col(Touchpoint.name))
        .outerjoin(Stage, col(Stage.journey_id) == col(Journey.id))
        .outerjoin(Touchpoint, col(Touchpoint.stage_id) == col(Stage.id))
    )
    stages: dict[str, dict[str, list[str]]] = {}
    with engine.connect() as connection:
        for journey, stage, point in connection.execute(query):
            in_journey = stages.setdefault(journey, {})
            if stage is not None:
                in_journey.setdefault(stage, []).extend([point] if point else [])
        personas = list(connection.execute(select(col(Persona.name))).scalars())
    return StoredNames(personas, list(stages), stages)


def check_case_clashes(document: DefinitionsFile, stored: StoredNames, source: str) -> None:
    """Refuse a name that differs only in case from a stored one: imports match names
    ignoring case, so it would rename the stored thing behind the user's back."""
    _no_clash([p.name for p in document.personas], stored.personas, "personas", "persona", source)
    _no_clash([j.name for j in document.journeys], stored.journeys, "journeys", "journey", source)
    for i, journey in enumerate(document.journeys):
        known = next((v for k, v in stored.stages.items() if k.lower() == journey.name.lower()), {})
        where = f"journeys[{i}].stages"
        _no_clash([s.name for s in journey.stages], list(known), where, "stage", source)
        for j, stage in enumerate(journey.stages):
            existing = next((v for k, v in known.items() if k.lower() == stage.name.lower()), [])
            names = [p.name for p in stage.touchpoints]
            _no_clash(names, existing, f"{where}[{j}].touchpoints", "touchpoint", source)


def _no_clash(names: list[str], stored: list[str], where: str, what: str, source: str) -> None:
    existing = {name.lower(): name for name in stored}
    for index, name in enumerate(names):
        twin = existing.get(name.lower())
        if twin is not None and twin != name:
            raise DefinitionsError(
                f"{where}[{index}].name: {what} {name!r} differs from the stored {twin!r} "
                "only in case; names are unique ignoring case, so spell it the same way",
                file=source,
            )


def _named(session: Session, model: type[Persona] | type[Journey], name: str) -> Any:
    """The row of this name, ignoring case, as imports match names."""
    query = select(model).where(func.lower(col(model.name)) == name.lower())
    return session.scalars(query).first()


def _upsert_persona(session: Session, item: PersonaItem) -> None:
    persona = _named(session, Persona, item.name) or Persona(name=item.name)
    persona.name = item.name
    for field in PERSONA_FIELDS:
        value = getattr(item, field)
        if value is not None:
            setattr(persona, field, value)
    session.add(persona)


def _upsert_journey(session: Session, item: JourneyItem) -> Journey:
    journey = _named(session, Journey, item.name) or Journey(name=item.name)
    journey.name, journey.state = item.name, item.state
    if item.description is not None:
        journey.description = item.description
    session.add(journey)
    session.flush()
    assert journey.id is not None
    _upsert_stages(session, journey.id, item.stages)
    return journey


def _upsert_stages(session: Session, journey_id: int, items: tuple[StageItem, ...]) -> None:
    # Names are matched as imports match them: ignoring case, so "booking" is "Booking".
    existing = {s.name.lower(): s for s in journey_stages(session=session, journey_id=journey_id)}
    keys = [item.name.lower() for item in items]
    unlisted = [s for key, s in existing.items() if key not in keys]
    for position, item in enumerate(items):
        stage = existing.get(item.name.lower()) or Stage(
            journey_id=journey_id, name=item.name, position=position
        )
        stage.name, stage.position = item.name, position
        if item.goal is not None:
            stage.goal = item.goal
        if "target_emotion" in item.model_fields_set:
            stage.target_emotion = item.target_emotion
        if "target_meets_or_exceeds" in item.model_fields_set:
            stage.target_meets_or_exceeds = item.target_meets_or_exceeds
        session.add(stage)
        session.flush()
        assert stage.id is not None
        _upsert_touchpoints(session, stage.id, item.touchpoints)
    for offset, stage in enumerate(unlisted):
        stage.position = len(items) + offset
        session.add(stage)


def _upsert_touchpoints(session: Session, stage_id: int, items: tuple[TouchpointItem, ...]) -> None:
    existing = {
        p.name.lower(): p
        for p in session.scalars(
            select(Touchpoint).where(col(Touchpoint.stage_id) == stage_id)
        ).all()
    }
    for position, item in enumerate(items):
        point = existing.get(item.name.lower()) or Touchpoint(stage_id=stage_id, name=item.name)
        point.name, point.position = item.name, position
        if item.channel is not None:
            point.channel = item.channel
        session.add(point)
