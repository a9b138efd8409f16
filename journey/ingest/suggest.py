"""First guesses for a wide export's mapping, from its column names and every row's values.

The guesses are only a starting point the user confirms in the upload page (or in the YAML
that `inspect` writes): every column gets a role, rating columns a stage (and touchpoint), a
scale and "not applicable" values. They rest on the evidence of the whole file (each column's
distinct values, see evidence.py), so an answer first given at line 308 counts as much as one
in the first row.
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from journey.ingest.column_names import match_stage, words
from journey.ingest.dates import parse_date
from journey.ingest.evidence import ColumnEvidence
from journey.ingest.layouts import header_key
from journey.ingest.plans import ColumnPlan
from journey.ingest.scales import (
    ANSWER_FAMILIES,
    KNOWN_ANSWERS,
    answer_family,
    clean_label,
    parse_number,
)

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
    padded = " " + " ".join(words(text.replace("'", ""))) + " "
    return any(" " + " ".join(words(phrase)) + " " in padded for phrase in phrases)


def _names_outcome(column: str, text: str) -> bool:
    """Whether a column's name or question says it is the overall outcome ("satisfaction",
    "Overall…", "…recommend us", NPS); "Personalized_Recommendation_Frequency" does not."""
    if set(words(text)) & _OUTCOME_WORDS:
        return True
    named = set(words(column))
    return bool(named & _SATISFACTION_WORDS) and named <= _SATISFACTION_WORDS | _OUTCOME_FILLER


def _is_date_column(key: str, text: str, values: _Values) -> bool:
    if key in _DATE_KEYS:
        return True
    if not ({"date", "time", "timestamp", "submitted"} & set(words(text))):
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
    quantity = values.numeric() and bool(set(words(column)) & _QUANTITY_WORDS)
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
        negative = [bool(set(words(text)) & _NEGATIVE) for text in texts]
        if negative.count(True) == 1:
            return {text: 0.0 if no else 1.0 for text, no in zip(texts, negative, strict=True)}
    return numbers
