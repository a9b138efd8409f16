"""The upload page's editors of answers: the number each text answer stands for, the
persona names the file's answers become, expectation bands, and what the outcome measures."""

import itertools

import pandas as pd
import streamlit as st

from journey.formatting import markdown_text
from journey.ingest.mapping import Mapping
from journey.ingest.outcomes import KIND_NAMES, suggest_outcome_kind
from journey.ingest.plans import ColumnPlan
from journey.ingest.reading import Peek
from journey.ingest.scales import Scale
from journey.ingest.suggest import suggest_outcome_labels, text_answers

MAX_PERSONA_COMBINATIONS = 60


def _values(peek: Peek, column: str) -> list[str]:
    """The column's distinct answers over the whole file, in the order they first appear."""
    evidence = peek.column_evidence(column)
    return [value for value, _ in sorted(evidence.first_line.items(), key=lambda item: item[1])]


def label_editor(peek: Peek, plans: list[ColumnPlan], saved: Mapping | None) -> dict[str, float]:
    ratings = [plan.column for plan in plans if plan.role == "rating"]
    values = [value for column in ratings for value in _values(peek, column)]
    known, unknown = text_answers(values, saved.labels if saved else {})
    if not known and not unknown:
        return dict(saved.labels) if saved else {}
    first: dict[str, int] = {}
    for column in ratings:
        evidence = peek.column_evidence(column)
        for answer in [*known, *unknown]:
            line = evidence.first_seen(answer)
            if line is not None:
                first[answer] = min(line, first.get(answer, line))
    st.markdown(
        "**Text answers in the rating columns** (from every row) — check the number each "
        "one stands for."
    )
    answers = [*known, *unknown]
    table = pd.DataFrame(
        {
            "Answer": answers,
            "Number": [*known.values(), *([None] * len(unknown))],
            "First seen on line": [first.get(answer) for answer in answers],
        }
    )
    edited = st.data_editor(
        table, key="upload_labels", hide_index=True, disabled=["Answer", "First seen on line"]
    )
    missing = edited[edited["Number"].isna()]["Answer"].tolist()
    if missing:
        shown = markdown_text(", ".join(missing))
        st.warning(f"No number yet for: {shown}. Those answers will be rejected.")
    return {
        str(a): float(n)
        for a, n in zip(edited["Answer"], edited["Number"], strict=True)
        if not pd.isna(n)
    }


def _persona_values(peek: Peek, columns: list[str]) -> list[str]:
    """The persona values the file holds (several columns: the combinations of their answers)."""
    answers = [[v for v in _values(peek, column) if v.strip()] for column in columns]
    combinations = 1
    for found in answers:
        combinations *= max(1, len(found))
    if len(columns) == 1 or combinations > MAX_PERSONA_COMBINATIONS:
        if len(columns) == 1:
            return sorted({v.strip() for v in answers[0]})
        indexes = [peek.header.index(column) for column in columns]
        return sorted(
            {
                " · ".join(row[i].strip() for i in indexes if i < len(row) and row[i].strip())
                for row in peek.rows
            }
            - {""}
        )
    return sorted(
        " · ".join(v.strip() for v in combination) for combination in itertools.product(*answers)
    )


def persona_editor(peek: Peek, plans: list[ColumnPlan], saved: Mapping | None) -> dict[str, str]:
    columns = [plan.column for plan in plans if plan.role == "persona"]
    if not columns:
        return {}
    found = _persona_values(peek, columns)
    names = saved.persona_names if saved else {}
    with st.expander(f"Persona names ({len(found)} found in the file)"):
        table = pd.DataFrame({"In the file": found, "Persona": [names.get(v, v) for v in found]})
        edited = st.data_editor(
            table, key="upload_personas", hide_index=True, disabled=["In the file"]
        )
    return {
        str(a): str(b)
        for a, b in zip(edited["In the file"], edited["Persona"], strict=True)
        if b and a != b
    }


def bands_editor(
    plans: list[ColumnPlan], saved: Mapping | None
) -> dict[str, tuple[float, float]] | None:
    stages_with_column = {plan.stage for plan in plans if plan.role == "expectation"}
    rated = {plan.stage for plan in plans if plan.role == "rating"}
    if not rated - stages_with_column:
        return None
    default = saved is not None and saved.expectation_bands is not None
    derive = st.checkbox(
        "Derive expectations from ratings where a stage has no expectation column",
        value=default,
        key="upload_bands_on",
    )
    if not derive:
        return None
    current = (
        saved.expectation_bands
        if saved and saved.expectation_bands
        else {"below": (1, 2), "meets": (3, 3), "exceeds": (4, 5)}
    )
    bands = {}
    for column, name in zip(st.columns(3), ("below", "meets", "exceeds"), strict=True):
        low, high = current[name]
        text = column.text_input(
            f"{name.capitalize()} (raw MIN:MAX)", f"{low:g}:{high:g}", key=f"upload_band_{name}"
        )
        parts = text.split(":")
        try:
            bands[name] = (float(parts[0]), float(parts[-1]))
        except ValueError:
            st.warning(f"{name}: write MIN:MAX, e.g. 1:2")
            return None
    return bands


def outcome_kind_editor(
    peek: Peek, plans: list[ColumnPlan], saved: Mapping | None, labels: dict[str, float]
) -> tuple[str, Scale | None]:
    """What the outcome measures (so the Overview reports it as NPS, CSAT…), suggested from
    its question and answers, or as the saved mapping says."""
    outcome = next((plan for plan in plans if plan.role == "outcome"), None)
    if outcome is None:
        return "numeric", None
    if saved and saved.outcome and saved.outcome.column == outcome.column:
        kind, scale = saved.outcome.kind, saved.outcome.scale
    else:
        kind, scale = suggest_outcome_kind(outcome.question, _values(peek, outcome.column), labels)
    kinds = list(KIND_NAMES)
    what, on = st.columns([2, 1])
    kind = what.selectbox(
        f"What {outcome.column} measures",
        kinds,
        index=kinds.index(kind),
        format_func=KIND_NAMES.__getitem__,
        key=f"upload_outcome_kind_{outcome.column}",
        help="How the Overview, the report and the drivers read the outcome: an NPS as the "
        "share of promoters minus detractors, a CSAT as the share of 4s and 5s (6s and 7s on "
        "1–7), a CES and a number as their mean, yes / no as the share of yes",
    )
    if kind not in ("csat", "ces"):
        return kind, None
    scales = [Scale(1, 5), Scale(1, 7)]
    chosen = on.selectbox(
        "Answer scale",
        scales,
        index=scales.index(scale) if scale in scales else 0,
        format_func=str,
        key=f"upload_outcome_scale_{outcome.column}",
    )
    return kind, chosen


def outcome_labels_editor(
    peek: Peek, plans: list[ColumnPlan], saved: Mapping | None
) -> dict[str, float]:
    outcome = [plan.column for plan in plans if plan.role == "outcome"]
    if not outcome:
        return {}
    saved_labels = saved.outcome.labels if saved and saved.outcome else {}
    suggested = suggest_outcome_labels(_values(peek, outcome[0]))
    if not suggested:
        return dict(saved_labels)
    st.markdown(f"**Outcome answers in {markdown_text(outcome[0])}** — the number each stands for.")
    table = pd.DataFrame(
        {
            "Answer": list(suggested),
            "Number": [saved_labels.get(text, number) for text, number in suggested.items()],
        }
    )
    edited = st.data_editor(
        table, key="upload_outcome_labels", hide_index=True, disabled=["Answer"]
    )
    return {
        str(a): float(n)
        for a, n in zip(edited["Answer"], edited["Number"], strict=True)
        if not pd.isna(n)
    }
