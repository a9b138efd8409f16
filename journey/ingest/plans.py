"""The mapping being made for a wide export, column by column: each column's plan (role,
stage, touchpoint, scale), what is still missing, and the mapping the plans describe.

The first plans come from journey/ingest/suggest.py; the user changes them on the upload
page or in the YAML that `inspect` writes.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from journey.errors import JourneyError
from journey.ingest.dates import reads_day_first
from journey.ingest.evidence import ColumnEvidence
from journey.ingest.mapping import (
    Mapping,
    NewTouchpoint,
    OutcomeColumn,
    RatingColumn,
    StageColumn,
)
from journey.ingest.scales import Scale, ScaleError, parse_scale
from journey.store.names import MAX_NAME

ROLES = (
    "ignore",
    "respondent id",
    "persona",
    "date",
    "rating",
    "expectation",
    "comment",
    "outcome",
    "attribute",
)
# The roles as DESIGN.md section 5 names them in `inspect --format json`.
ROLE_KEYS = {
    "ignore": "ignore",
    "respondent id": "respondent_id",
    "persona": "persona",
    "date": "responded_at",
    "rating": "rating",
    "expectation": "expectation",
    "comment": "comment",
    "outcome": "outcome",
    "attribute": "attribute",
}
_BRACKET = re.compile(r"\[([^\]]+)\]\s*$")


@dataclass(frozen=True)
class ColumnPlan:
    """One column of the export and what the user says it is."""

    column: str
    question: str
    samples: str
    role: str = "ignore"
    stage: str | None = None
    touchpoint: str | None = None
    scale: str | None = None
    na: str = ""


def dates_day_first(plans: Sequence[ColumnPlan], evidence: dict[str, ColumnEvidence]) -> bool:
    """Whether the date column's slashed dates are written day first (31/01/2024)."""
    column = next((p.column for p in plans if p.role == "date"), None)
    if column is None or column not in evidence:
        return False
    return reads_day_first(list(evidence[column].values()))


@dataclass(frozen=True)
class Problem:
    """What one column (or several) still needs before the mapping is complete."""

    columns: tuple[str, ...]
    need: str

    def __str__(self) -> str:
        names = ", ".join(repr(column) for column in self.columns)
        return f"{names}: {self.need}"


class PlanError(JourneyError):
    """The plan cannot become a mapping yet; every column that needs a decision is listed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def plan_problems(plans: Sequence[ColumnPlan]) -> list[Problem]:
    """Every decision the plans still lack, in column order: all of them at once."""
    problems: list[Problem] = []
    for plan in plans:
        if plan.role not in ROLES:
            problems.append(Problem((plan.column,), f"unknown role {plan.role!r}"))
        elif plan.role in ("rating", "expectation", "comment") and not plan.stage:
            problems.append(Problem((plan.column,), "choose its stage"))
        if plan.role == "rating":
            try:
                parse_scale(plan.scale or "")
            except ScaleError as error:
                problems.append(Problem((plan.column,), str(error)))
    for role in ("respondent id", "date", "outcome"):
        columns = tuple(p.column for p in plans if p.role == role)
        if len(columns) > 1:
            problems.append(Problem(columns, f"only one column can be the {role}"))
    for (stage, touchpoint), columns in _shared_ratings(plans).items():
        where = f"stage {stage!r}" + (f", touchpoint {touchpoint!r}" if touchpoint else "")
        problems.append(
            Problem(
                columns,
                f"rate the same {where}: give each its own touchpoint (or ignore all but one)",
            )
        )
    return problems


def _shared_ratings(plans: Sequence[ColumnPlan]) -> dict[tuple[str, str], tuple[str, ...]]:
    """Rating columns that rate one stage (and touchpoint) between them."""
    groups: dict[tuple[str, str], list[str]] = {}
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for plan in plans:
        if plan.role == "rating" and plan.stage:
            key = (plan.stage.strip().lower(), (plan.touchpoint or "").strip().lower())
            groups.setdefault(key, []).append(plan.column)
            names.setdefault(key, (plan.stage, plan.touchpoint or ""))
    return {names[key]: tuple(columns) for key, columns in groups.items() if len(columns) > 1}


@dataclass(frozen=True)
class TouchpointOffer:
    """A touchpoint the import could create so that a column rates it alone."""

    column: str
    stage: str
    name: str


def touchpoint_name(column: str, question: str = "") -> str:
    """A touchpoint name from a column: its `[Row]` or the part after the heading's " - "."""
    bracket = _BRACKET.search(column)
    name = bracket.group(1) if bracket else column.rsplit(" - ", 1)[-1]
    if len(name.strip()) < 2 and question:
        name = question
    return " ".join(name.split())[:MAX_NAME]


def touchpoint_offers(
    plans: Sequence[ColumnPlan], stages: Sequence[tuple[str, Sequence[str]]]
) -> list[TouchpointOffer]:
    """For each stage rated by several columns, a touchpoint per column, named after it."""
    existing = {stage.lower(): {t.lower() for t in points} for stage, points in stages}
    offers = []
    by_column = {plan.column: plan for plan in plans}
    for (stage, _), columns in _shared_ratings(plans).items():
        taken = set(existing.get(stage.lower(), set()))
        for column in columns:
            name = base = touchpoint_name(column, by_column[column].question)
            number = 2
            while name.lower() in taken:
                name = f"{base[: MAX_NAME - 5]} ({number})"
                number += 1
            taken.add(name.lower())
            offers.append(TouchpointOffer(column, stage, name))
    return offers


def with_touchpoints(
    plans: Sequence[ColumnPlan], offers: Sequence[TouchpointOffer]
) -> list[ColumnPlan]:
    """The plans with each offered touchpoint given to its column."""
    names = {offer.column: offer.name for offer in offers if offer.name.strip()}
    return [
        replace(plan, touchpoint=names[plan.column]) if plan.column in names else plan
        for plan in plans
    ]


def ignore_undecided(plans: Sequence[ColumnPlan]) -> list[ColumnPlan]:
    """The plans with every column that still needs a decision set to "ignore"."""
    undecided = {column for problem in plan_problems(plans) for column in problem.columns}
    return [
        replace(plan, role="ignore", stage=None, touchpoint=None)
        if plan.column in undecided
        else plan
        for plan in plans
    ]


def set_scale(plans: Sequence[ColumnPlan], columns: Iterable[str], scale: str) -> list[ColumnPlan]:
    """The plans with the given columns' scale set (ScaleError if it is not MIN:MAX)."""
    chosen = set(columns)
    text = str(parse_scale(scale))
    return [replace(plan, scale=text) if plan.column in chosen else plan for plan in plans]


def mapping_from_plans(
    plans: Sequence[ColumnPlan],
    *,
    persona_names: dict[str, str] | None = None,
    labels: dict[str, float] | None = None,
    outcome_labels: dict[str, float] | None = None,
    expectation_bands: dict[str, tuple[float, float]] | None = None,
    new_touchpoints: Sequence[TouchpointOffer] = (),
    day_first: bool = False,
    outcome_kind: tuple[str, Scale | None] = ("numeric", None),
) -> Mapping:
    """The mapping the plans describe; PlanError lists every column still undecided.

    `new_touchpoints` are created by the import where the journey lacks them; `outcome_kind`
    is what the outcome column measures, with its scale where the kind leaves a choice.
    """
    plans = with_touchpoints(plans, new_touchpoints)
    problems = plan_problems(plans)
    if problems:
        raise PlanError(problems)
    by_role: dict[str, list[ColumnPlan]] = {role: [] for role in ROLES}
    for plan in plans:
        by_role[plan.role].append(plan)
    ratings = []
    for plan in by_role["rating"]:
        assert plan.stage is not None  # checked by plan_problems
        na = tuple(value.strip() for value in plan.na.split(",") if value.strip())
        scale = parse_scale(plan.scale or "")
        ratings.append(RatingColumn(plan.column, plan.stage, plan.touchpoint or None, scale, na))
    stage_columns: dict[str, list[StageColumn]] = {"expectation": [], "comment": []}
    for role, items in stage_columns.items():
        items += [StageColumn(p.column, p.stage or "") for p in by_role[role]]
    outcome = by_role["outcome"][0].column if by_role["outcome"] else None
    created = {o.column: o for o in new_touchpoints if o.name.strip()}
    return Mapping(
        respondent_id=by_role["respondent id"][0].column if by_role["respondent id"] else None,
        persona=tuple(p.column for p in by_role["persona"]),
        persona_names=dict(persona_names or {}),
        responded_at=by_role["date"][0].column if by_role["date"] else None,
        outcome=OutcomeColumn(outcome, dict(outcome_labels or {}), *outcome_kind)
        if outcome
        else None,
        labels=dict(labels or {}),
        ratings=tuple(ratings),
        expectations=tuple(stage_columns["expectation"]),
        comments=tuple(stage_columns["comment"]),
        expectation_bands=expectation_bands,
        attributes=tuple(p.column for p in by_role["attribute"]),
        new_touchpoints=tuple(
            NewTouchpoint(offer.stage, offer.name.strip())
            for offer in created.values()
            if any(r.column == offer.column for r in ratings)
        ),
        day_first=day_first,
    )


def plans_from_mapping(mapping: Mapping, plans: Sequence[ColumnPlan]) -> list[ColumnPlan]:
    """The suggested plans with every column the saved mapping names set as it says."""
    roles: dict[str, ColumnPlan] = {}
    single = {
        "respondent id": mapping.respondent_id,
        "date": mapping.responded_at,
        "outcome": mapping.outcome.column if mapping.outcome else None,
    }
    for plan in plans:
        roles[plan.column] = replace(plan, role="ignore", stage=None, touchpoint=None)
    for role, column in single.items():
        if column in roles:
            roles[column] = replace(roles[column], role=role)
    for column in mapping.persona:
        roles[column] = replace(roles[column], role="persona")
    for column in mapping.attributes:
        roles[column] = replace(roles[column], role="attribute")
    for rating in mapping.ratings:
        roles[rating.column] = replace(
            roles[rating.column],
            role="rating",
            stage=rating.stage,
            touchpoint=rating.touchpoint,
            scale=str(rating.scale),
            na=", ".join(rating.na),
        )
    for role, items in (("expectation", mapping.expectations), ("comment", mapping.comments)):
        for item in items:
            roles[item.column] = replace(roles[item.column], role=role, stage=item.stage)
    return [roles[plan.column] for plan in plans]
