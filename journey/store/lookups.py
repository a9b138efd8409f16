"""Looking up journey definitions: journeys, their stages and touchpoints, personas."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlmodel import Session, col

from journey.errors import JourneyError
from journey.store.models import Journey, Persona, Stage, Touchpoint


class UnknownJourney(JourneyError):
    """No journey has that name; the message lists the ones that exist."""


def find_journey(*, session: Session, name: str) -> Journey:
    """The journey with this name (case-insensitive), or UnknownJourney naming the choices."""
    wanted = name.strip().lower()
    journey = session.scalars(
        select(Journey).where(func.lower(col(Journey.name)) == wanted)
    ).first()
    if journey is None:
        names = session.scalars(select(col(Journey.name)).order_by(col(Journey.name))).all()
        choices = (
            ", ".join(repr(n) for n in names)
            or "none yet: run `python -m journey demo` or import definitions"
        )
        raise UnknownJourney(f"unknown journey {name!r}; journeys: {choices}")
    return journey


def journey_stages(*, session: Session, journey_id: int) -> list[Stage]:
    """The journey's stages in their order."""
    query = select(Stage).where(col(Stage.journey_id) == journey_id).order_by(col(Stage.position))
    return list(session.scalars(query).all())


@dataclass(frozen=True)
class StageIndex:
    """Stage and touchpoint ids by lower-cased name, to validate imported rows quickly."""

    stages: dict[str, int]
    touchpoints: dict[tuple[int, str], tuple[int, str]]
    stage_names: tuple[str, ...]
    names: dict[int, str]

    def stage_id(self, name: str) -> int | None:
        return self.stages.get(name.strip().lower())

    def touchpoint(self, stage_id: int, name: str) -> tuple[int, str] | None:
        """The touchpoint's id and channel, if the stage has one of this name."""
        return self.touchpoints.get((stage_id, name.strip().lower()))


def stage_index(*, session: Session, journey_id: int) -> StageIndex:
    stages = journey_stages(session=session, journey_id=journey_id)
    stage_ids = [stage.id for stage in stages]
    points = session.scalars(
        select(Touchpoint).where(col(Touchpoint.stage_id).in_(stage_ids))
    ).all()
    return StageIndex(
        stages={stage.name.lower(): stage.id for stage in stages if stage.id is not None},
        touchpoints={(p.stage_id, p.name.lower()): (p.id or 0, p.channel) for p in points},
        stage_names=tuple(stage.name for stage in stages),
        names={stage.id: stage.name for stage in stages if stage.id is not None},
    )


def persona_ids(*, session: Session) -> dict[str, int]:
    """Persona ids by lower-cased name."""
    return {
        p.name.lower(): p.id for p in session.scalars(select(Persona)).all() if p.id is not None
    }
