"""Definitions files uploaded in the app: checked for near-duplicate names, then imported."""

from collections.abc import Iterable
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.catalog.definitions import DefinitionsError, import_definitions
from journey.catalog.rules import EditError, EditResult
from journey.formatting import plural
from journey.store.models import Journey, Persona, Stage, Touchpoint


def import_definitions_file(*, engine: Engine, content: bytes, file_name: str) -> EditResult:
    """Import an uploaded definitions YAML (create or update, never delete), or say why not."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EditError(f"{file_name}: not UTF-8 text (byte {error.start}).") from None
    check_definitions(engine=engine, text=text, source=file_name)
    try:
        counts = import_definitions(engine=engine, text=text, source=file_name)
    except DefinitionsError as error:
        raise EditError(str(error)) from None
    personas, journeys = counts["personas"], counts["journeys"]
    return EditResult(
        f"{file_name}: {plural(personas, 'persona')} and {plural(journeys, 'journey')} "
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
    return {"personas": personas, "journeys": list(stages), "stages": stages}
