"""Journey definitions as YAML: personas, journeys, stages, touchpoints (DESIGN.md section 3).

Import updates by name and never deletes, so re-importing a file is safe; export writes
only what is set, in creation and stage order, so export → import → export is identical.
"""

from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.errors import JourneyError
from journey.store.db import writing
from journey.store.lookups import journey_stages
from journey.store.models import JOURNEY_STATES, Journey, Persona, Stage, Touchpoint

PERSONA_FIELDS = ("description", "goals", "pain_points")


class DefinitionsError(JourneyError):
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
    """Create or update everything in the YAML text, in one transaction; counts what it saw."""
    document = _parse(text, source)
    with writing(engine) as session:
        for index, item in enumerate(document.get("personas") or []):
            _upsert_persona(session, _mapping(item, f"{source}: personas[{index}]"))
        journeys = document.get("journeys") or []
        links: list[tuple[Journey, str]] = []
        for index, item in enumerate(journeys):
            where = f"{source}: journeys[{index}]"
            journey, link = _upsert_journey(session, _mapping(item, where), where)
            if link:
                links.append((journey, link))
        session.flush()
        for journey, link in links:
            target = _named(session, Journey, link)
            if target is None:
                raise DefinitionsError(
                    f"{source}: journey {journey.name!r} is the future state of "
                    f"{link!r}, which is not defined"
                )
            journey.current_id = target.id
    return {"personas": len(document.get("personas") or []), "journeys": len(journeys)}


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        document = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise DefinitionsError(f"{source}{where}: not valid YAML ({error.problem})") from None
    except yaml.YAMLError as error:
        raise DefinitionsError(f"{source}: not valid YAML ({error})") from None
    if not isinstance(document, dict) or not ({"personas", "journeys"} & document.keys()):
        raise DefinitionsError(f"{source}: expected a mapping with 'personas' and/or 'journeys'")
    return document


def _mapping(item: object, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise DefinitionsError(f"{where}: expected a mapping with a name")
    name = str(item.get("name") or "").strip()
    if not name:
        raise DefinitionsError(f"{where}: missing name")
    return item | {"name": name}


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value)


def _named(session: Session, model: type[Persona] | type[Journey], name: str) -> Any:
    """The row of this name, ignoring case, as imports match names."""
    query = select(model).where(func.lower(col(model.name)) == name.lower())
    return session.scalars(query).first()


def _upsert_persona(session: Session, item: dict[str, Any]) -> None:
    persona = _named(session, Persona, item["name"]) or Persona(name=item["name"])
    persona.name = item["name"]
    for field in PERSONA_FIELDS:
        if field in item:
            setattr(persona, field, _text(item, field))
    session.add(persona)


def _upsert_journey(session: Session, item: dict[str, Any], where: str) -> tuple[Journey, str]:
    state = _text(item, "state") or "current"
    if state not in JOURNEY_STATES:
        raise DefinitionsError(f"{where}: state must be 'current' or 'future', not {state!r}")
    journey = _named(session, Journey, item["name"]) or Journey(name=item["name"])
    journey.name, journey.state = item["name"], state
    if "description" in item:
        journey.description = _text(item, "description")
    session.add(journey)
    session.flush()
    assert journey.id is not None
    _upsert_stages(session, journey.id, item.get("stages") or [], where)
    return journey, _text(item, "current_state")


def _upsert_stages(session: Session, journey_id: int, items: list[Any], where: str) -> None:
    # Names are matched as imports match them: ignoring case, so "booking" is "Booking".
    existing = {s.name.lower(): s for s in journey_stages(session=session, journey_id=journey_id)}
    listed = [_mapping(item, f"{where}.stages[{i}]") for i, item in enumerate(items)]
    keys = [item["name"].lower() for item in listed]
    doubled = {item["name"] for item in listed if keys.count(item["name"].lower()) > 1}
    if doubled:
        raise DefinitionsError(f"{where}: stage names must be unique, repeated: {sorted(doubled)}")
    unlisted = [s for key, s in existing.items() if key not in keys]
    for position, item in enumerate(listed):
        stage = existing.get(item["name"].lower()) or Stage(
            journey_id=journey_id, name=item["name"], position=position
        )
        stage.name, stage.position = item["name"], position
        if "goal" in item:
            stage.goal = _text(item, "goal")
        if "target_emotion" in item:
            stage.target_emotion = _target(item, "target_emotion", -1, 1, where)
        if "target_meets_or_exceeds" in item:
            stage.target_meets_or_exceeds = _target(item, "target_meets_or_exceeds", 0, 1, where)
        session.add(stage)
        session.flush()
        assert stage.id is not None
        _upsert_touchpoints(
            session, stage.id, item.get("touchpoints") or [], f"{where}.stages[{position}]"
        )
    for offset, stage in enumerate(unlisted):
        stage.position = len(listed) + offset
        session.add(stage)


def _target(item: dict[str, Any], key: str, low: float, high: float, where: str) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DefinitionsError(f"{where}: {key} must be a number, not {value!r}") from None
    if not low <= number <= high:
        raise DefinitionsError(f"{where}: {key} must be between {low} and {high}, not {number}")
    return number


def _upsert_touchpoints(session: Session, stage_id: int, items: list[Any], where: str) -> None:
    existing = {
        p.name.lower(): p
        for p in session.scalars(
            select(Touchpoint).where(col(Touchpoint.stage_id) == stage_id)
        ).all()
    }
    listed = [_mapping(raw, f"{where}.touchpoints[{i}]") for i, raw in enumerate(items)]
    keys = [item["name"].lower() for item in listed]
    doubled = {item["name"] for item in listed if keys.count(item["name"].lower()) > 1}
    if doubled:
        raise DefinitionsError(
            f"{where}: touchpoint names must be unique, repeated: {sorted(doubled)}"
        )
    for position, item in enumerate(listed):
        point = existing.get(item["name"].lower()) or Touchpoint(
            stage_id=stage_id, name=item["name"]
        )
        point.name, point.position = item["name"], position
        if "channel" in item:
            point.channel = _text(item, "channel")
        session.add(point)
