"""First guesses for a wide export's mapping, from its column names and sample values.

The guesses are only a starting point the user confirms in the upload page: every column
gets a role, rating columns a stage (and touchpoint), a scale and "not applicable" values.
"""

import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from journey.errors import JourneyError
from journey.ingest.layouts import header_key
from journey.ingest.mapping import Mapping, OutcomeColumn, RatingColumn, StageColumn
from journey.ingest.scales import LIKERT_LABELS, ScaleError, clean_label, parse_number, parse_scale

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
SAMPLE_VALUES = 4
NA_WORDS = {"n/a", "na", "not applicable", "does not apply", "don't know", "dont know", "-"}
_ID_KEYS = {
    "responseid",
    "response_id",
    "respondent_id",
    "respondentid",
    "#",
    "response_id_",
    "id",
    "respondent",
    "token",
    "submission_id",
}
_DATE_KEYS = {
    "startdate",
    "start_date",
    "timestamp",
    "submit_date_(utc)",
    "recordeddate",
    "enddate",
    "end_date",
    "responded_at",
    "submitted_at",
    "date",
    "start_date_(utc)",
}
_METADATA_KEYS = {
    "status",
    "ipaddress",
    "ip_address",
    "progress",
    "duration_(in_seconds)",
    "finished",
    "recipientlastname",
    "recipientfirstname",
    "recipientemail",
    "externalreference",
    "locationlatitude",
    "locationlongitude",
    "distributionchannel",
    "userlanguage",
    "collector_id",
    "email_address",
    "first_name",
    "last_name",
    "custom_data_1",
    "network_id",
    "tags",
    "end_date_(utc)",
    "enddate",
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


_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ed", "es", "s", "e")


def _stem(word: str) -> str:
    """A crude stem, enough to match "comparing plans" with the stage "Compare plans"."""
    for _ in range(2):  # "discovering" → "discover" → "discov", like "discover"
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
    return word


def _stems(text: str) -> list[str]:
    return [_stem(word) for word in re.findall(r"[0-9a-z]+", text.lower())]


def _names_in(text: str, name: str) -> bool:
    """Whether every word of `name` appears (stemmed) in `text`, in order and adjacent."""
    words, wanted = _stems(text), _stems(name)
    return bool(wanted) and any(
        words[i : i + len(wanted)] == wanted for i in range(len(words) - len(wanted) + 1)
    )


def match_stage(
    text: str, stages: Sequence[tuple[str, Sequence[str]]]
) -> tuple[str | None, str | None]:
    """The stage (and touchpoint) a column's text names; the longest name wins."""
    bracket = _BRACKET.search(text)
    for candidate in [bracket.group(1), text] if bracket else [text]:
        found: tuple[int, str, str | None] | None = None
        for stage, touchpoints in stages:
            for touchpoint in touchpoints:
                if _names_in(candidate, touchpoint) and (
                    found is None or len(touchpoint) > found[0]
                ):
                    found = (len(touchpoint), stage, touchpoint)
            if _names_in(candidate, stage) and (found is None or len(stage) > found[0]):
                found = (len(stage), stage, None)
        if found:
            return found[1], found[2]
    names = {" ".join(_stems(stage)): stage for stage, _ in stages}
    close = difflib.get_close_matches(" ".join(_stems(text)), list(names), n=1, cutoff=0.75)
    return (names[close[0]], None) if close else (None, None)


def guess_scale(values: Sequence[str]) -> tuple[str | None, str]:
    """A scale (and "not applicable" values) that fits the sample values, or None.

    A few unreadable answers (typos, stray text) do not stop a column from being a rating:
    the import will reject those cells one by one.
    """
    numbers, na, unreadable = [], set(), 0
    for value in values:
        cleaned = clean_label(value)
        if not cleaned:
            continue
        if cleaned in NA_WORDS:
            na.add(value.strip())
            continue
        number = parse_number(value)
        if number is None:
            number = LIKERT_LABELS.get(cleaned)
        if number is None:
            unreadable += 1
        else:
            numbers.append(number)
    if not numbers or unreadable > len(numbers) / 10:
        return None, ""
    answered = [n for n in numbers if n != 0]
    if (
        answered
        and min(answered) >= 1
        and max(answered) <= 5
        and len(answered) > 2 * numbers.count(0) > 0
    ):
        na.add("0")  # a rare 0 among 1–5 answers is usually "not applicable" (airline surveys)
        numbers = answered
    low, high = min(numbers), max(numbers)
    for scale_low, scale_high in (
        (1, 5),
        (1, 7),
        (0, 10),
        (1, 10),
        (-3, 3),
        (-2, 2),
        (0, 5),
        (0, 100),
    ):
        if scale_low <= low and high <= scale_high:
            return f"{scale_low}:{scale_high}", ", ".join(sorted(na))
    return f"{math.floor(low)}:{math.ceil(high)}", ", ".join(sorted(na))


_PERSONA_WORDS = ("persona", "customer type", "type of travel", "describes you", "segment")


def _role(
    key: str,
    text: str,
    values: Sequence[str],
    taken: set[str],
    personas: set[str],
    names_stage: bool,
) -> str:
    lowered = text.lower()
    filled = [v for v in values if v.strip()]
    known = sum(clean_label(v) in personas for v in filled)
    if key in _ID_KEYS and "respondent id" not in taken:
        return "respondent id"
    if key in _DATE_KEYS and "date" not in taken:
        return "date"
    if key in _METADATA_KEYS:
        return "ignore"
    if any(word in lowered for word in _PERSONA_WORDS) or (filled and known >= len(filled) / 2):
        return "persona"
    if "expect" in lowered:
        return "expectation"
    outcome_words = any(word in lowered for word in ("overall", "recommend", "nps"))
    if outcome_words and not names_stage and "outcome" not in taken:
        return "outcome"  # "Friend's recommendation" names a touchpoint: not the outcome
    if guess_scale(filled)[0] is not None and filled:
        return "rating"
    if any(
        word in lowered for word in ("comment", "why", "tell us", "open-ended", "anything else")
    ):
        return "comment"
    distinct = {clean_label(v) for v in filled}
    return "attribute" if filled and len(distinct) <= 12 else "ignore"


def suggest_plans(
    header: Sequence[str],
    descriptions: Sequence[str],
    sample_rows: Sequence[Sequence[str]],
    stages: Sequence[tuple[str, Sequence[str]]],
    personas: Sequence[str] = (),
) -> list[ColumnPlan]:
    """A plan for every column: its role and, for ratings, stage, touchpoint and scale.

    A column whose answers are mostly the names of known personas is taken as the persona.
    """
    plans: list[ColumnPlan] = []
    taken: set[str] = set()
    persona_names = {clean_label(name) for name in personas}
    for index, column in enumerate(header):
        question = descriptions[index] if index < len(descriptions) else ""
        values = [row[index] for row in sample_rows if index < len(row)]
        shown = list(dict.fromkeys(v.strip() for v in values if v.strip()))[:SAMPLE_VALUES]
        text = f"{column} {question}".strip()
        matched = match_stage(text, stages)
        role = _role(header_key(column), text, values, taken, persona_names, matched[0] is not None)
        taken.add(role)
        stage = touchpoint = scale = None
        na = ""
        if role in ("rating", "expectation", "comment"):
            stage, touchpoint = matched
            if role != "rating":
                touchpoint = None
            if role == "comment" and stage is None:
                role = "ignore"  # a general comment has no stage to belong to
        if role in ("rating", "outcome"):
            scale, na = guess_scale(values)
        plans.append(
            ColumnPlan(column, question, ", ".join(shown), role, stage, touchpoint, scale, na)
        )
    return plans


class PlanError(JourneyError):
    """The plan cannot become a mapping yet; the message says which column needs what."""


def mapping_from_plans(
    plans: Sequence[ColumnPlan],
    *,
    persona_names: dict[str, str] | None = None,
    labels: dict[str, float] | None = None,
    outcome_labels: dict[str, float] | None = None,
    expectation_bands: dict[str, tuple[float, float]] | None = None,
) -> Mapping:
    """The mapping the plans describe; PlanError names the first column that is incomplete."""
    by_role: dict[str, list[ColumnPlan]] = {role: [] for role in ROLES}
    for plan in plans:
        if plan.role not in ROLES:
            raise PlanError(f"column {plan.column!r}: unknown role {plan.role!r}")
        by_role[plan.role].append(plan)
    for role in ("respondent id", "date", "outcome"):
        if len(by_role[role]) > 1:
            names = ", ".join(repr(p.column) for p in by_role[role])
            raise PlanError(f"only one column can be the {role}: {names}")
    ratings = []
    for plan in by_role["rating"]:
        if not plan.stage:
            raise PlanError(f"rating column {plan.column!r}: choose its stage")
        try:
            scale = parse_scale(plan.scale or "")
        except ScaleError as error:
            raise PlanError(f"rating column {plan.column!r}: {error}") from None
        na = tuple(value.strip() for value in plan.na.split(",") if value.strip())
        ratings.append(RatingColumn(plan.column, plan.stage, plan.touchpoint or None, scale, na))
    stage_columns: dict[str, list[StageColumn]] = {"expectation": [], "comment": []}
    for role in stage_columns:
        for plan in by_role[role]:
            if not plan.stage:
                raise PlanError(f"{role} column {plan.column!r}: choose its stage")
            stage_columns[role].append(StageColumn(plan.column, plan.stage))
    outcome = by_role["outcome"][0].column if by_role["outcome"] else None
    return Mapping(
        respondent_id=by_role["respondent id"][0].column if by_role["respondent id"] else None,
        persona=tuple(p.column for p in by_role["persona"]),
        persona_names=dict(persona_names or {}),
        responded_at=by_role["date"][0].column if by_role["date"] else None,
        outcome=OutcomeColumn(outcome, dict(outcome_labels or {})) if outcome else None,
        labels=dict(labels or {}),
        ratings=tuple(ratings),
        expectations=tuple(stage_columns["expectation"]),
        comments=tuple(stage_columns["comment"]),
        expectation_bands=expectation_bands,
        attributes=tuple(p.column for p in by_role["attribute"]),
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


def text_answers(
    values: Sequence[str], labels: dict[str, float]
) -> tuple[dict[str, float], list[str]]:
    """Text answers found in rating columns: those with a number, and those still unknown."""
    table = {clean_label(k): v for k, v in labels.items()} if labels else LIKERT_LABELS
    known: dict[str, float] = {}
    unknown: list[str] = []
    for value in dict.fromkeys(v.strip() for v in values if v.strip()):
        if parse_number(value) is not None or clean_label(value) in NA_WORDS:
            continue
        number = table.get(clean_label(value))
        if number is None:
            unknown.append(value)
        else:
            known[value] = number
    return known, unknown
