"""An overall outcome's kind and the answers it allows, checked cell by cell on import.

NPS is asked 0–10, CSAT on 1–5 or 1–7, CES on its survey's scale (1–5 or 1–7), yes/no is
stored as 0 and 1; a numeric outcome takes any number. An answer the kind does not allow is
rejected with its line and column, and the respondent's ratings are kept.
"""

from collections.abc import Iterable, Mapping

from journey.ingest.scales import Scale
from journey.store.models import OUTCOME_KINDS

SCALES = {"nps": Scale(0, 10), "csat": Scale(1, 5), "ces": Scale(1, 7), "yes/no": Scale(0, 1)}
CSAT_SCALES = (Scale(1, 5), Scale(1, 7))


def outcome_scale(kind: str, declared: Scale | None) -> Scale | None:
    """The answer scale of the kind: the declared one where the kind has a choice."""
    if kind in ("csat", "ces"):
        return declared or SCALES[kind]
    return SCALES.get(kind)


def scale_problem(kind: str, declared: Scale | None) -> str | None:
    """Why a declared scale does not fit the kind, or None."""
    if kind not in OUTCOME_KINDS:
        return f"outcome kind {kind!r} is not one of {', '.join(OUTCOME_KINDS)}"
    if declared is None:
        return None
    if kind == "csat" and declared not in CSAT_SCALES:
        return f"a CSAT is asked on 1:5 or 1:7, not {declared}"
    if kind in ("nps", "yes/no") and declared != SCALES[kind]:
        return f"{kind} outcomes are on {SCALES[kind]}, not {declared}"
    return None


def answer_problem(value: float, kind: str, scale: Scale | None) -> str | None:
    """Why an answer does not fit the outcome's kind, or None."""
    if kind == "numeric" or scale is None:
        return None
    if value != int(value) or not scale.contains(value):
        return f"{value:g} is not an answer on the {kind} scale {scale}"
    return None


KIND_NAMES = {
    "nps": "NPS: likelihood to recommend, 0–10",
    "csat": "CSAT: satisfaction, 1–5 or 1–7",
    "ces": "CES: customer effort, 1–5 or 1–7",
    "yes/no": "Yes / no",
    "numeric": "A number (reported as its mean)",
}
_YES_NO = {"yes", "no", "y", "n", "true", "false"}


def suggest_outcome_kind(
    question: str, answers: Iterable[str], labels: Mapping[str, float]
) -> tuple[str, Scale | None]:
    """What an outcome column measures, from its question and every distinct answer.

    The words of the question decide between kinds the numbers allow ("recommend" is NPS,
    "effort" or "easy" CES, "satisf" CSAT); answers alone say yes/no, or 0–10 for NPS.
    """
    texts = [a.strip() for a in answers if a.strip()]
    if texts and {t.lower() for t in texts} <= _YES_NO:
        return "yes/no", None
    numbers = [labels[t] if t in labels else _number(t) for t in texts]
    known = [n for n in numbers if n is not None]
    whole = bool(known) and len(known) == len(numbers) and all(n == int(n) for n in known)
    low, high = (min(known), max(known)) if known else (0.0, 0.0)
    words = question.lower()
    if whole and low >= 0 and high <= 10 and ("recommend" in words or (low == 0 and high > 7)):
        return "nps", None
    if whole and low >= 1 and high <= 7:
        scale = Scale(1, 5) if high <= 5 else Scale(1, 7)
        if "effort" in words or "easy" in words:
            return "ces", scale
        if "satisf" in words:
            return "csat", scale
    return "numeric", None


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None
