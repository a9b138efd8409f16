"""Creating, renaming and deleting journeys."""

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.catalog.rules import (
    EditError,
    EditResult,
    attached,
    check_confirmed,
    check_unique,
    clean_name,
    clean_text,
    count_responses,
    get_row,
    names_taken,
)
from journey.formatting import plural
from journey.store.db import new_id, writing
from journey.store.models import (
    JOURNEY_STATES,
    Journey,
    Note,
    Outcome,
    Response,
    SavedMapping,
    Stage,
    SurveyImport,
    Touchpoint,
)
from journey.store.summaries import forget_summaries


def create_journey(
    *, engine: Engine, name: str, description: str = "", state: str = "current"
) -> int:
    """Create a journey without stages; return its id."""
    name = clean_name(name, what="journey")
    if state not in JOURNEY_STATES:
        raise EditError(f"A journey's state is 'current' or 'future', not {state!r}.")
    with writing(engine) as session:
        check_unique(name, names_taken(session, Journey), what="journey")
        journey = Journey(
            name=name, description=clean_text(description, what="description"), state=state
        )
        return new_id(session, journey)


def update_journey(
    *, engine: Engine, journey_id: int, name: str | None = None, description: str | None = None
) -> EditResult:
    """Rename the journey and/or change its description; responses stay attached."""
    with writing(engine) as session:
        journey = get_row(session, Journey, journey_id, "journey")
        old = journey.name
        if description is not None:
            journey.description = clean_text(description, what="description")
        new = old if name is None else clean_name(name, what="journey")
        if new != old:
            others = names_taken(session, Journey, other_than=journey_id)
            check_unique(new, others, what="journey")
            journey.name = new
        session.add(journey)
        responses = count_responses(session, col(Response.journey_id) == journey_id)
    if new == old:
        return EditResult(f"Saved journey {old!r}.", responses)
    return EditResult(f"Renamed journey {old!r} to {new!r}{attached(responses)}.", responses)


def delete_journey(*, engine: Engine, journey_id: int, confirmed_responses: int) -> EditResult:
    """Delete a journey with its stages, touchpoints, notes, imports, responses and outcomes.

    A future-state journey that targets it stays, unlinked.
    """
    with writing(engine) as session:
        journey = get_row(session, Journey, journey_id, "journey")
        name = journey.name
        responses = count_responses(session, col(Response.journey_id) == journey_id)
        check_confirmed(responses, confirmed_responses, f"Journey {name!r}")
        import_ids = list(
            session.execute(
                select(col(SurveyImport.id)).where(col(SurveyImport.journey_id) == journey_id)
            ).scalars()
        )
        imports = len(import_ids)
        forget_summaries(session=session, import_ids=import_ids)
        stage_ids = select(col(Stage.id)).where(col(Stage.journey_id) == journey_id)
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
            session.execute(statement)
    summary = f"Deleted journey {name!r} with {plural(responses, 'response')}"
    summary += f" from {plural(imports, 'import')}." if imports else "."
    return EditResult(summary, responses)
