"""One privacy rule for every figure: no small group shows, under any split or choice, and
none can be worked out by subtracting one released figure from another."""

import io
import itertools
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from journey.analysis.privacy import (
    Figures,
    Split,
    hidden_note,
    protected_kpis,
    stored_figures,
)
from journey.ingest.importer import import_responses
from journey.store.filters import Filters

K = 5


def loader(cells: dict[tuple[str, str], int]) -> Figures:
    """Figures from known group sizes: what the database would count, per stage (× persona)."""
    personas = sorted({persona for _, persona in cells})

    def figures(filters: Filters, split: Split) -> pd.DataFrame:
        chosen = [p for p in personas if not filters.personas or p in filters.personas]
        rows = [
            {"stage": stage, "persona": persona, "respondents": size}
            for (stage, persona), size in cells.items()
            if persona in chosen
        ]
        table = pd.DataFrame(rows)
        if split is None:
            table = table.groupby("stage", as_index=False, sort=True)["respondents"].sum()
        else:
            table["persona_order"] = table["persona"].map({p: i for i, p in enumerate(chosen)})
        table["n"] = table["respondents"]
        table["mean_emotion"] = 0.5
        return table

    return figures


def released_equations(
    cells: dict[tuple[str, str], int], k: int
) -> tuple[list[tuple[str, str]], list[np.ndarray], list[int]]:
    """Every figure released under every choice of personas, split or not, as an equation over
    the groups: which groups it adds up, and how many respondents it shows."""
    keys = sorted(cells)
    personas = sorted({persona for _, persona in keys})
    figures = loader(cells)
    equations: list[np.ndarray] = []
    shown: list[int] = []
    choices = [()] + [
        combo
        for size in range(1, len(personas) + 1)
        for combo in itertools.combinations(personas, size)
    ]
    for chosen in choices:
        filters = Filters(personas=tuple(chosen))
        for split in (None, "persona"):
            table = protected_kpis(figures, filters=filters, split=split, k=k)
            for row in table[~table["suppressed"]].to_dict("records"):
                members = [
                    (stage, persona)
                    for stage, persona in keys
                    if stage == row["stage"]
                    and (split is None or persona == row["persona"])
                    and (not chosen or persona in chosen)
                ]
                equations.append(np.array([1.0 if key in members else 0.0 for key in keys]))
                shown.append(int(row["respondents"]))
    return keys, equations, shown


def determined_groups(keys: list[tuple[str, str]], equations: list[np.ndarray]) -> list[int]:
    """Groups an attacker solves for from the released figures (rank test, as in a textbook)."""
    system = np.array(equations).reshape(len(equations), len(keys))
    rank = np.linalg.matrix_rank(system) if len(equations) else 0
    found = []
    for position in range(len(keys)):
        probe = np.zeros(len(keys))
        probe[position] = 1.0
        if np.linalg.matrix_rank(np.vstack([system, probe])) == rank:
            found.append(position)
    return found


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stages=st.integers(1, 3), personas=st.integers(2, 4), data=st.data())
def test_no_choice_of_personas_reveals_a_small_group(
    stages: int, personas: int, data: st.DataObject
) -> None:
    keys = [(f"S{s}", f"P{p}") for s in range(stages) for p in range(personas)]
    sizes = data.draw(st.lists(st.integers(0, 3 * K), min_size=len(keys), max_size=len(keys)))
    cells = dict(zip(keys, sizes, strict=True))
    ordered, equations, shown = released_equations(cells, K)
    assert all(n == 0 or n >= K for n in shown)  # no released figure stands on 1 … k − 1
    for position in determined_groups(ordered, equations):
        assert not 0 < cells[ordered[position]] < K, f"{ordered[position]} can be worked out"


def test_a_hidden_persona_takes_another_with_it_and_the_caption_says_why() -> None:
    cells = {("Booking", "Business"): 2, ("Booking", "Family"): 6, ("Booking", "Solo"): 40}
    figures = loader(cells)
    split = protected_kpis(figures, filters=Filters(), split="persona", k=K).set_index("persona")
    assert list(split["suppressed"]) == [True, True, False]  # Business (2), then Family (6)
    assert list(split["hidden_because"]) == ["small", "complement", ""]
    assert hidden_note(split.reset_index(), K) == (
        "1 group is hidden: fewer than 5 respondents, who could be recognised. 1 more group is "
        "hidden so that no small group can be worked out by subtracting the visible ones from "
        "a total or from another selection."
    )
    # Choosing Family and Solo would leave Business = all − chosen: that stage is hidden.
    chosen = protected_kpis(figures, filters=Filters(personas=("Family", "Solo")), split=None, k=K)
    assert chosen["suppressed"].all()
    # Choosing Solo alone, or both hidden personas together, reveals nothing.
    for safe in (("Solo",), ("Business", "Family")):
        found = protected_kpis(figures, filters=Filters(personas=safe), split=None, k=K)
        assert not found["suppressed"].any()
    # The chosen personas' own split hides what the full split hides.
    both = protected_kpis(
        figures, filters=Filters(personas=("Family", "Solo")), split="persona", k=K
    )
    assert list(both["persona"]) == ["Family", "Solo"] and list(both["suppressed"]) == [True, False]
    assert list(both["persona_order"]) == [0, 1]


def answers(respondents: range, day: str) -> str:
    return "".join(f"r{i},Family,Booking,4,meets,{day}\n" for i in respondents)


def test_a_date_filter_that_leaves_out_a_few_hides_the_group(air_travel: Engine) -> None:
    rows = "respondent_id,persona,stage,emotion,expectation,responded_at\n"
    rows += answers(range(20), "2026-03-01") + answers(range(20, 23), "2026-03-20")
    import_responses(
        engine=air_travel, stream=io.BytesIO(rows.encode()), file_name="w.csv",
        journey_name="Air travel",
    )  # fmt: skip
    figures = stored_figures(engine=air_travel, journey_id=1, min_n=1)
    march = Filters(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31))
    early = replace(march, date_to=date(2026, 3, 10))
    booking = "stage == 'Booking'"
    assert (
        not protected_kpis(figures, filters=march, split=None, k=K)
        .query(booking)["suppressed"]
        .any()
    )
    # All of March minus its first ten days would be the 3 who answered on the 20th.
    hidden = protected_kpis(figures, filters=early, split=None, k=K).query(booking)
    assert hidden["suppressed"].all() and (hidden["respondents"] == 0).all()
