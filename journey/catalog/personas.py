"""Creating, renaming and deleting personas (a persona that responses refer to stays)."""

from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.catalog.mapping_renames import mapping_note, renamed_persona, update_saved_mappings
from journey.catalog.rules import (
    EditError,
    EditResult,
    attached,
    check_unique,
    clean_name,
    clean_text,
    count_responses,
    get_row,
    names_taken,
)
from journey.formatting import plural
from journey.store.db import new_id, writing
from journey.store.models import UNSPECIFIED_PERSONA, Persona, Response


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
        check_unique(name, names_taken(session, Persona), what="persona")
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
        persona = get_row(session, Persona, persona_id, "persona")
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
            others = names_taken(session, Persona, other_than=persona_id)
            check_unique(new, others, what="persona")
            persona.name = new
            also = mapping_note(update_saved_mappings(session, None, renamed_persona(old, new)))
        session.add(persona)
        responses = count_responses(session, col(Response.persona_id) == persona_id)
    if new == old:
        return EditResult(f"Saved persona {old!r}.", responses)
    summary = f"Renamed persona {old!r} to {new!r}{attached(responses)}{also}."
    return EditResult(summary, responses)


def delete_persona(*, engine: Engine, persona_id: int) -> EditResult:
    """Delete a persona that no response refers to."""
    with writing(engine) as session:
        persona = get_row(session, Persona, persona_id, "persona")
        name = persona.name
        responses = count_responses(session, col(Response.persona_id) == persona_id)
        if responses:
            raise EditError(
                f"{plural(responses, 'response')} refer to persona {name!r}, so it cannot be "
                "deleted: rename it, or delete the imports that brought those responses."
            )
        session.delete(persona)
    return EditResult(f"Deleted persona {name!r}.")
