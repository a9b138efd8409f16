"""Touchpoints a mapping asks for: created in the import's own transaction, or not at all.

Where two rating columns of an export rate one stage, each becomes a touchpoint of it (named
after its column, as the user edited it in the mapping). They are created with the import, so
a refused or rolled-back import leaves no touchpoint behind.
"""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlmodel import Session, col

from journey.ingest.mapping import MappingError, NewTouchpoint
from journey.store.lookups import journey_stages
from journey.store.models import Touchpoint
from journey.store.names import NameRefused, clean_name


def create_touchpoints(
    *, session: Session, journey_id: int, wanted: Sequence[NewTouchpoint], file_name: str
) -> list[str]:
    """Add the touchpoints the journey lacks; `Stage › Touchpoint` for each one created."""
    stages = {s.name.lower(): s for s in journey_stages(session=session, journey_id=journey_id)}
    created = []
    for item in wanted:
        stage = stages.get(item.stage.strip().lower())
        if stage is None or stage.id is None:
            raise MappingError(
                f"{file_name}: new touchpoint {item.name!r} is for unknown stage {item.stage!r}"
            )
        try:
            name = clean_name(item.name, what="touchpoint")
        except NameRefused as error:
            raise MappingError(f"{file_name}: new touchpoint of {stage.name!r}: {error}") from None
        existing = session.scalars(
            select(col(Touchpoint.name)).where(col(Touchpoint.stage_id) == stage.id)
        ).all()
        if name.lower() in {other.lower() for other in existing}:
            continue  # made by an earlier wave of the same survey
        last = session.execute(
            select(func.max(col(Touchpoint.position))).where(col(Touchpoint.stage_id) == stage.id)
        ).scalar_one()
        position = (last or 0) + 1 if existing else 0
        session.add(Touchpoint(stage_id=stage.id, name=name, position=position))
        session.flush()
        created.append(f"{stage.name} › {name}")
    return created
