"""Complementary suppression against an attacker who subtracts: solved as a linear system."""

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey.analysis.disclosure import protect

K = 5
CUBE_MARGINS = [["stage", "wave"], ["stage", "persona"], ["stage"]]


def cube(sizes: list[int], stages: int, personas: int, waves: int) -> pd.DataFrame:
    cells = list(itertools.product(range(stages), range(personas), range(waves)))
    return pd.DataFrame(
        [(s, p, w, n) for (s, p, w), n in zip(cells, sizes, strict=False)],
        columns=["stage", "persona", "wave", "respondents"],
    )


def recoverable(
    table: pd.DataFrame,
    hidden: np.ndarray,
    margins: list[list[str]],
    withheld: frozenset[tuple[tuple[str, ...], tuple[object, ...]]],
) -> list[int]:
    """Hidden cells an attacker can solve for: the released margins minus the visible cells.

    Written apart from the product's code: for each hidden cell, least squares on the margins'
    equations gives one solution; the cell is determined when adding it as an extra equation
    does not raise the rank (it is a combination of what is known)."""  # fmt: skip
    unknown = np.flatnonzero(hidden)
    if not len(unknown):
        return []
    rows = []
    for keys in margins:
        for values, group in table.groupby(keys[0] if len(keys) == 1 else keys).groups.items():
            values = values if isinstance(values, tuple) else (values,)
            if (tuple(keys), values) in withheld:
                continue
            rows.append([1.0 if cell in set(group) else 0.0 for cell in unknown])
    equations = np.array(rows).reshape(len(rows), len(unknown))
    rank = np.linalg.matrix_rank(equations) if len(rows) else 0
    found = []
    for position, cell in enumerate(unknown):
        probe = np.zeros(len(unknown))
        probe[position] = 1.0
        if np.linalg.matrix_rank(np.vstack([equations, probe])) == rank:
            found.append(int(cell))
    return found


sizes_around_k = st.integers(min_value=0, max_value=3 * K)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stages=st.integers(1, 4),
    personas=st.integers(2, 4),
    waves=st.integers(1, 3),
    data=st.data(),
)
def test_no_small_cell_shows_and_none_is_recoverable(
    stages: int, personas: int, waves: int, data: st.DataObject
) -> None:
    count = stages * personas * waves
    sizes = data.draw(st.lists(sizes_around_k, min_size=count, max_size=count))
    table = cube(sizes, stages, personas, waves)
    found = protect(table, margins=CUBE_MARGINS, k=K)
    hidden = found.hidden.to_numpy()
    shown = table["respondents"][~hidden]
    assert not ((shown > 0) & (shown < K)).any()  # no released cell under k
    assert recoverable(table, hidden, CUBE_MARGINS, found.withheld) == []
    for keys in CUBE_MARGINS:  # a released line's hidden cells together reach k
        for values, group in table.groupby(keys[0] if len(keys) == 1 else keys).groups.items():
            values = values if isinstance(values, tuple) else (values,)
            if (tuple(keys), values) in found.withheld:
                continue
            own = [i for i in group if hidden[i]]
            assert not own or (len(own) >= 2 and table["respondents"][own].sum() >= K)


def test_a_lone_small_persona_takes_the_next_smallest_with_it() -> None:
    table = pd.DataFrame(
        {"stage": ["Booking"] * 4, "persona": ["A", "B", "C", "D"],
         "respondents": [40, 3, 12, 25]}
    )  # fmt: skip
    found = protect(table, margins=[["stage"]], k=K)
    assert list(found.hidden) == [False, True, True, False]  # B (3) and C, the smallest other
    assert not found.withheld


def test_a_line_with_nothing_else_to_hide_withholds_its_margin() -> None:
    table = pd.DataFrame({"stage": ["Booking", "Booking"], "persona": ["A", "B"],
                          "respondents": [3, 0]})  # fmt: skip
    found = protect(table, margins=[["stage"]], k=K)
    assert list(found.hidden) == [True, False]
    assert found.withheld == frozenset({(("stage",), ("Booking",))})


@pytest.mark.parametrize("sizes", [[6, 7, 8], [0, 9, 20], [5, 5, 5]])
def test_nothing_is_hidden_when_no_group_is_small(sizes: list[int]) -> None:
    table = pd.DataFrame({"stage": ["S"] * 3, "persona": list("ABC"), "respondents": sizes})
    assert not protect(table, margins=[["stage"]], k=K).hidden.any()
