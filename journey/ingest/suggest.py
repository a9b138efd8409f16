"""First guesses for a wide export's mapping, from its column names and every row's values.

The guesses are only a starting point the user confirms in the upload page (or in the YAML
that `inspect` writes): every column gets a role, rating columns a stage (and touchpoint), a
scale and "not applicable" values. They rest on the evidence of the whole file (each column's
distinct values, see evidence.py), so an answer first given at line 308 counts as much as one
in the first row.
"""

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from journey.errors import JourneyError
from journey.ingest.dates import parse_date, reads_day_first
from journey.ingest.evidence import ColumnEvidence
from journey.ingest.layouts import header_key
from journey.ingest.mapping import (
    Mapping,
    NewTouchpoint,
    OutcomeColumn,
    RatingColumn,
    StageColumn,
)
from journey.ingest.scales import (
    ANSWER_FAMILIES,
    KNOWN_ANSWERS,
    Scale,
    ScaleError,
    answer_family,
    clean_label,
    parse_number,
    parse_scale,
)
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
SAMPLE_VALUES = 4
MAX_SCALE_POINTS = 11  # 0–10 is the longest scale a rating is suggested on
ATTRIBUTE_VALUES = 12  # text answers with more distinct values are not a segment
NA_WORDS = {
    "n/a",
    "na",
    "not applicable",
    "does not apply",
    "don't know",
    "dont know",
    "-",
    "prefer not to say",
}
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
# Words that name a quantity, not an opinion: such a column is an attribute even when its
# numbers would fit a scale (a family of 4, 3 children, pin code 560001).
_QUANTITY_WORDS = {
    "age",
    "year",
    "years",
    "size",
    "count",
    "number",
    "distance",
    "km",
    "miles",
    "delay",
    "delays",
    "minutes",
    "mins",
    "hours",
    "seconds",
    "duration",
    "latitude",
    "longitude",
    "lat",
    "lng",
    "lon",
    "pin",
    "zip",
    "postal",
    "postcode",
    "code",
    "income",
    "salary",
    "price",
    "amount",
    "cost",
    "quantity",
    "members",
    "children",
    "kids",
    "phone",
    "height",
    "weight",
}
_PERSONA_PHRASES = ("persona", "customer type", "type of travel", "describes you", "segment")
_COMMENT_PHRASES = (
    "comment",
    "comments",
    "why",
    "tell us",
    "open-ended",
    "open ended",
    "anything else",
    "feedback",
    "suggestion",
    "suggestions",
)
_OUTCOME_WORDS = {"overall", "recommend", "nps", "promoter", "csat"}
_SATISFACTION_WORDS = {"satisfaction", "satisfied"}
# Words that may stand beside "satisfaction" in the name of an overall outcome column.
_OUTCOME_FILLER = {"overall", "customer", "level", "score", "general", "total", "csat", "of"}
_BRACKET = re.compile(r"\[([^\]]+)\]\s*$")
_WORD = re.compile(r"[0-9a-z]+")


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


_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ed", "es", "s", "e", "y")


def _stem(word: str) -> str:
    """A crude stem, enough to match "comparing plans" with the stage "Compare plans"."""
    for _ in range(2):  # "discovering" → "discover" → "discov", like "discover"
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
    return word


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _stems(text: str) -> list[str]:
    return [_stem(word) for word in _words(text)]


def _where_named(text: str, name: str) -> int | None:
    """Where (the index of the last word) the words of `name` appear in `text`, stemmed, in
    order and adjacent; also written together ("Checkin" names "Check-in"). None if nowhere."""
    words, wanted = _stems(text), _stems(name)
    if not wanted:
        return None
    found = None
    for i in range(len(words) - len(wanted) + 1):
        if words[i : i + len(wanted)] == wanted:
            found = i + len(wanted) - 1
    if len(wanted) > 1:
        joined = _stem("".join(_words(name)))
        for i, word in enumerate(words):
            if word == joined:
                found = max(found if found is not None else -1, i)
    return found


def match_stage(
    text: str, stages: Sequence[tuple[str, Sequence[str]]]
) -> tuple[str | None, str | None]:
    """The stage (and touchpoint) a column's text names.

    Where several are named, the one named last wins ("Wrong order delivered" is about the
    delivery, not the order); then the longer name.
    """
    bracket = _BRACKET.search(text)
    for candidate in [bracket.group(1), text] if bracket else [text]:
        found: tuple[int, int, str, str | None] | None = None
        for stage, touchpoints in stages:
            named = [(point, _where_named(candidate, point)) for point in touchpoints]
            named.append((stage, _where_named(candidate, stage)))
            for name, where in named:
                if where is None:
                    continue
                key = (where, len(name), stage, None if name is stage else name)
                if found is None or key[:2] > found[:2]:
                    found = key
        if found:
            return found[2], found[3]
    names = {" ".join(_stems(stage)): stage for stage, _ in stages}
    close = difflib.get_close_matches(" ".join(_stems(text)), list(names), n=1, cutoff=0.75)
    return (names[close[0]], None) if close else (None, None)


@dataclass(frozen=True)
class _Values:
    """A column's filled answers over the whole file, read as numbers where they are."""

    counts: Counter[str]  # distinct filled answers and how often each was given
    overflow: bool  # more distinct answers than were counted
    unique: bool  # no answer given twice: a row number or an id
    numbers: dict[str, float]  # the answers that are numbers

    @classmethod
    def of(cls, evidence: ColumnEvidence) -> "_Values":
        counts = evidence.values()
        numbers = {v: n for v in counts if (n := parse_number(v)) is not None}
        many = len(counts) > MAX_SCALE_POINTS
        unique = evidence.unique or (many and max(counts.values(), default=0) == 1)
        return cls(counts, evidence.overflow, unique, numbers)

    @property
    def filled(self) -> int:
        return sum(self.counts.values())

    def share(self, values: Iterable[str]) -> float:
        """The share of the filled answers that are among `values`."""
        chosen = set(values)
        return sum(c for v, c in self.counts.items() if v in chosen) / max(1, self.filled)

    def numeric(self) -> bool:
        """Whether (nearly) every answer is a number."""
        return bool(self.numbers) and self.share(self.numbers) >= 0.9


def guess_scale(values: Counter[str] | Sequence[str]) -> tuple[str | None, str]:
    """A scale (and "not applicable" values) that fits the answers, or None.

    Numbers must be whole and few (at most 11 distinct, within 0–10 or a symmetric −5…5
    scale); text answers must belong to a known scale (Likert, frequency, yes or no…). A few
    unreadable answers (typos, stray text) do not stop a column from being a rating: the
    import rejects those cells one by one.
    """
    counts = values if isinstance(values, Counter) else Counter(v.strip() for v in values)
    numbers: Counter[float] = Counter()
    na: set[str] = set()
    texts: list[str] = []
    unreadable = 0
    for value, count in counts.items():
        cleaned = clean_label(value)
        if not cleaned:
            continue
        if cleaned in NA_WORDS:
            na.add(value.strip())
            continue
        number = parse_number(value)
        if number is None and cleaned in KNOWN_ANSWERS:
            number = KNOWN_ANSWERS[cleaned]
            texts.append(cleaned)
        if number is None:
            unreadable += count
        else:
            numbers[number] += count
    read = sum(numbers.values())
    if not read or unreadable > read / 10:
        return None, ""
    if texts:
        family = answer_family(texts)
        assert family is not None
        return ANSWER_FAMILIES[family][0], ", ".join(sorted(na))
    if len(numbers) > MAX_SCALE_POINTS or any(not n.is_integer() for n in numbers):
        return None, ""
    zeros = numbers[0.0]
    answered = [n for n in numbers if n != 0]
    if answered and min(answered) >= 1 and max(answered) <= 5 and read - zeros > 2 * zeros > 0:
        na.add("0")  # a rare 0 among 1–5 answers is usually "not applicable" (airline surveys)
        del numbers[0.0]
    low, high = min(numbers), max(numbers)
    for scale_low, scale_high in ((1, 5), (1, 7), (0, 10), (1, 10), (-3, 3), (-2, 2), (-5, 5)):
        if scale_low <= low and high <= scale_high:
            return f"{scale_low}:{scale_high}", ", ".join(sorted(na))
    if 0 <= low and high <= 10:
        return f"{math.floor(low)}:{math.ceil(high)}", ", ".join(sorted(na))
    return None, ""


def _has_phrase(text: str, phrases: Iterable[str]) -> bool:
    """Whether any phrase appears in the text as whole words ("persona", not "Personalized")."""
    padded = " " + " ".join(_words(text.replace("'", ""))) + " "
    return any(" " + " ".join(_words(phrase)) + " " in padded for phrase in phrases)


def _names_outcome(column: str, text: str) -> bool:
    """Whether a column's name or question says it is the overall outcome ("satisfaction",
    "Overall…", "…recommend us", NPS); "Personalized_Recommendation_Frequency" does not."""
    if set(_words(text)) & _OUTCOME_WORDS:
        return True
    words = set(_words(column))
    return bool(words & _SATISFACTION_WORDS) and words <= _SATISFACTION_WORDS | _OUTCOME_FILLER


def _is_date_column(key: str, text: str, values: _Values) -> bool:
    if key in _DATE_KEYS:
        return True
    if not ({"date", "time", "timestamp", "submitted"} & set(_words(text))):
        return False
    sample = list(values.counts)[:50]
    readable = 0
    for value in sample:
        try:
            parse_date(value)
        except ValueError:
            continue
        readable += 1
    return bool(sample) and readable >= 0.9 * len(sample) and not values.numeric()


def _role(
    key: str,
    column: str,
    text: str,
    values: _Values,
    taken: set[str],
    personas: set[str],
    names_stage: bool,
) -> str:
    known = sum(c for v, c in values.counts.items() if clean_label(v) in personas)
    if key in _ID_KEYS and "respondent id" not in taken:
        return "respondent id"
    if "date" not in taken and _is_date_column(key, text, values):
        return "date"
    if key in _METADATA_KEYS:
        return "ignore"
    if _has_phrase(text, _PERSONA_PHRASES) or (values.filled and known >= values.filled / 2):
        return "persona"
    if "expect" in text.lower():
        return "expectation"
    scale, _ = guess_scale(values.counts) if not values.overflow else (None, "")
    two_answers = len(values.counts) == 2 and not values.numbers
    if (
        _names_outcome(column, text)
        and not names_stage
        and "outcome" not in taken
        and (scale is not None or two_answers)
    ):
        return "outcome"  # "Friend's recommendation" names a touchpoint: not the outcome
    # A number named as a quantity is one, though it fits a scale; a text answer is an opinion.
    quantity = values.numeric() and bool(set(_words(column)) & _QUANTITY_WORDS)
    if scale is not None and not quantity and not values.unique:
        return "rating"
    if _has_phrase(text, _COMMENT_PHRASES) and not values.numeric():
        return "comment"
    if values.unique or not values.filled:
        return "ignore"  # a row number, an id, or empty: nothing to group respondents by
    if values.numeric():
        return "attribute"  # age, distance, delays, pin code: a property, not an opinion
    return "attribute" if len(values.counts) <= ATTRIBUTE_VALUES else "ignore"


def sample_values(evidence: ColumnEvidence) -> str:
    """The first distinct answers of the column, in the order the file gives them."""
    first = sorted(
        ((line, value.strip()) for value, line in evidence.first_line.items() if value.strip()),
    )
    return ", ".join(list(dict.fromkeys(value for _, value in first))[:SAMPLE_VALUES])


def suggest_plans(
    header: Sequence[str],
    descriptions: Sequence[str],
    evidence: Sequence[ColumnEvidence],
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
        values = _Values.of(evidence[index])
        text = f"{column} {question}".strip()
        matched = match_stage(text, stages)
        role = _role(
            header_key(column),
            column,
            text,
            values,
            taken,
            persona_names,
            matched[0] is not None,
        )
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
            scale, na = guess_scale(values.counts)
        plans.append(
            ColumnPlan(
                column, question, sample_values(evidence[index]), role, stage, touchpoint, scale, na
            )
        )
    return plans


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


def text_answers(
    values: Iterable[str], labels: dict[str, float]
) -> tuple[dict[str, float], list[str]]:
    """Text answers found in rating columns: those with a number, and those still unknown.

    Answers the given labels do not know are numbered from the known answer scales.
    """
    table = {**KNOWN_ANSWERS, **{clean_label(k): v for k, v in labels.items()}}
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


_NEGATIVE = {"no", "not", "dissatisfied", "unsatisfied", "neutral", "never", "false", "detractor"}


def suggest_outcome_labels(values: Iterable[str]) -> dict[str, float | None]:
    """Every text answer of an outcome column with a suggested number (None: no guess).

    Answers of a known scale keep its numbers (yes 1, no 0); two answers of which one is the
    negative ("satisfied" / "neutral or dissatisfied") are 1 and 0.
    """
    texts = [
        text
        for text in dict.fromkeys(v.strip() for v in values)
        if text and parse_number(text) is None and clean_label(text) not in NA_WORDS
    ]
    numbers: dict[str, float | None] = {t: KNOWN_ANSWERS.get(clean_label(t)) for t in texts}
    if len(texts) == 2 and None in numbers.values():
        negative = [bool(set(_words(text)) & _NEGATIVE) for text in texts]
        if negative.count(True) == 1:
            return {text: 0.0 if no else 1.0 for text, no in zip(texts, negative, strict=True)}
    return numbers
