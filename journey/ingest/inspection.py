"""What the upload page would detect and suggest for a file, for `python -m journey inspect`.

The same reading, evidence and suggestions as the page, as data: printed as a table or as the
JSON of DESIGN.md section 5, and written as a mapping to review in an editor.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.ingest.layouts import LONG, header_key
from journey.ingest.mapping import Mapping
from journey.ingest.plans import (
    ROLE_KEYS,
    ColumnPlan,
    Problem,
    dates_day_first,
    ignore_undecided,
    mapping_from_plans,
    plan_problems,
    touchpoint_offers,
    with_touchpoints,
)
from journey.ingest.progress import ProgressCallback
from journey.ingest.reading import Peek, peek_table
from journey.ingest.suggest import (
    guess_scale,
    sample_values,
    suggest_outcome_labels,
    suggest_plans,
    text_answers,
)
from journey.store.lookups import find_journey, journey_stages
from journey.store.models import Persona, Touchpoint

_LONG_ROLES = {
    "respondent_id": "respondent_id",
    "persona": "persona",
    "responded_at": "responded_at",
    "emotion": "rating",
    "stage": "rating",
    "touchpoint": "rating",
    "channel": "rating",
    "expectation": "expectation",
    "comment": "comment",
}


@dataclass(frozen=True)
class Inspection:
    """A file's layout and every column's suggested role, stage, scale and answers."""

    peek: Peek
    plans: list[ColumnPlan]
    labels: dict[str, dict[str, float | None]]  # per column: its text answers and numbers
    problems: list[Problem]
    mapping: Mapping | None  # what is decided, for a wide file

    def to_json(self) -> dict[str, Any]:
        """The JSON of DESIGN.md section 5."""
        return {
            "layout": self.peek.layout,
            "encoding": self.peek.encoding,
            "delimiter": self.peek.delimiter,
            "header_rows": self.peek.header_rows,
            "rows": self.peek.row_count,
            "columns": [
                {
                    "column": plan.column,
                    "question": plan.question,
                    "samples": [s.strip() for s in plan.samples.split(", ") if s.strip()],
                    "role": ROLE_KEYS[plan.role] if plan.role in ROLE_KEYS else plan.role,
                    "stage": plan.stage,
                    "touchpoint": plan.touchpoint,
                    "scale": plan.scale,
                    "na": [value.strip() for value in plan.na.split(",") if value.strip()],
                    "labels": {
                        answer: _plain(number)
                        for answer, number in self.labels.get(plan.column, {}).items()
                    },
                }
                for plan in self.plans
            ],
        }

    def mapping_yaml(self) -> str:
        """The suggested mapping, headed by what is still to decide (as YAML comments)."""
        assert self.mapping is not None
        notes = [f"# Mapping suggested for {self.peek.file_name} by `python -m journey inspect`."]
        if self.problems:
            notes.append("# Still to decide (these columns are left out below):")
            plans = {plan.column: plan for plan in self.plans}
            for problem in self.problems:
                notes.append(f"#   {problem}")
                plan = plans[problem.columns[0]]
                if problem.need == "choose its stage" and plan.role == "rating":
                    na = f", na: [{plan.na}]" if plan.na else ""
                    notes.append(
                        f"#     - {{column: {plan.column}, stage: ?, "
                        f'scale: "{plan.scale}"{na}}}   (under ratings)'
                    )
        unknown = sorted(
            {
                a
                for answers in self.labels.values()
                for a, number in answers.items()
                if number is None
            }
        )
        if unknown:
            notes.append(f"# No number yet for the answers: {', '.join(unknown)}")
        return "\n".join(notes) + "\n" + self.mapping.to_yaml()


def _plain(number: float | None) -> float | int | None:
    """4.0 as 4, as people write a label's number."""
    return int(number) if number is not None and float(number).is_integer() else number


def journey_choices(*, engine: Engine, journey_name: str) -> list[tuple[str, list[str]]]:
    """The journey's stages in order, each with its touchpoints' names."""
    with Session(engine) as session:
        journey = find_journey(session=session, name=journey_name)
        assert journey.id is not None
        stages = journey_stages(session=session, journey_id=journey.id)
        points = session.execute(
            select(col(Touchpoint.stage_id), col(Touchpoint.name)).order_by(
                col(Touchpoint.position), col(Touchpoint.id)
            )
        ).all()
    return [(stage.name, [name for owner, name in points if owner == stage.id]) for stage in stages]


def persona_choices(*, engine: Engine) -> list[str]:
    """Every persona's name."""
    with Session(engine) as session:
        return list(session.scalars(select(col(Persona.name))).all())


def inspect_file(
    *,
    stream: BinaryIO,
    file_name: str,
    stages: Sequence[tuple[str, Sequence[str]]] = (),
    personas: Sequence[str] = (),
    progress: ProgressCallback | None = None,
) -> Inspection:
    """Read the whole file and suggest what each column is (FileRefused if unreadable)."""
    peek = peek_table(stream, file_name, progress=progress)
    if peek.layout == LONG:
        return _long_inspection(peek)
    plans = suggest_plans(peek.header, peek.descriptions, peek.evidence, stages, personas)
    offers = touchpoint_offers(plans, stages)
    plans = with_touchpoints(plans, offers)
    labels: dict[str, dict[str, float | None]] = {}
    rating_answers: dict[str, float] = {}
    for plan, evidence in zip(plans, peek.evidence, strict=True):
        if plan.role == "rating":
            known, unknown = text_answers(evidence.values(), {})
            labels[plan.column] = {**known, **dict.fromkeys(unknown)}
            rating_answers.update(known)
        elif plan.role == "outcome":
            labels[plan.column] = dict(suggest_outcome_labels(evidence.values()))
    problems = plan_problems(plans)
    outcome = next((labels[p.column] for p in plans if p.role == "outcome"), {})
    mapping = mapping_from_plans(
        ignore_undecided(plans),
        labels=rating_answers,
        outcome_labels={answer: n for answer, n in outcome.items() if n is not None},
        new_touchpoints=[offer for offer in offers if offer.column not in _undecided(problems)],
        day_first=dates_day_first(plans, dict(zip(peek.header, peek.evidence, strict=True))),
    )
    return Inspection(peek, plans, labels, problems, mapping)


def _undecided(problems: Sequence[Problem]) -> set[str]:
    return {column for problem in problems for column in problem.columns}


def _long_inspection(peek: Peek) -> Inspection:
    """A long file's columns as the importer uses them; the others are attributes."""
    plans = []
    for column, evidence in zip(peek.header, peek.evidence, strict=True):
        key = header_key(column)
        role = {v: k for k, v in ROLE_KEYS.items()}.get(_LONG_ROLES.get(key, ""), "attribute")
        scale = guess_scale(evidence.values())[0] if key == "emotion" else None
        plans.append(ColumnPlan(column, "", sample_values(evidence), role, scale=scale))
    return Inspection(peek, plans, {}, [], None)
