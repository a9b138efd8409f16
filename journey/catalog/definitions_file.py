"""Definitions files uploaded in the app: checked for near-duplicate names, then imported."""

from sqlalchemy.engine import Engine

from journey.catalog.definitions import DefinitionsError, import_definitions
from journey.catalog.rules import EditError, EditResult
from journey.formatting import plural


def import_definitions_file(*, engine: Engine, content: bytes, file_name: str) -> EditResult:
    """Import an uploaded definitions YAML (create or update, never delete), or say why not."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EditError(f"{file_name}: not UTF-8 text (byte {error.start}).") from None
    try:
        counts = import_definitions(engine=engine, text=text, source=file_name)
    except DefinitionsError as error:
        raise EditError(str(error)) from None
    personas, journeys = counts["personas"], counts["journeys"]
    return EditResult(
        f"{file_name}: {plural(personas, 'persona')} and {plural(journeys, 'journey')} "
        "imported (created or updated; nothing deleted)."
    )
