"""Significance tests computed from SQL sums, checked exactly against SciPy on raw data."""

import io

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sqlalchemy.engine import Engine

from journey.analysis.kpis import stage_kpis
from journey.analysis.significance import (
    benjamini_hochberg,
    describe_steps,
    differences_table,
    persona_vs_rest,
    stage_steps,
    two_proportions,
    wave_steps,
    welch,
)
from journey.ingest.importer import import_responses

RNG = np.random.default_rng(20261123)


def sums(values: np.ndarray) -> tuple[pd.Series, pd.Series, pd.Series]:
    return pd.Series([len(values)]), pd.Series([values.sum()]), pd.Series([(values**2).sum()])


@pytest.mark.parametrize("sizes", [(30, 40), (5, 200), (2, 2)])
def test_welch_from_sums_equals_scipy_on_the_raw_values(sizes: tuple[int, int]) -> None:
    a, b = RNG.normal(0.2, 0.5, sizes[0]), RNG.normal(-0.1, 0.8, sizes[1])
    difference, p = welch(*sums(a), *sums(b))
    expected = stats.ttest_ind(a, b, equal_var=False)
    assert difference[0] == pytest.approx(a.mean() - b.mean(), rel=1e-12)
    assert p[0] == pytest.approx(expected.pvalue, rel=1e-9)


def test_welch_is_missing_where_it_cannot_be_computed() -> None:
    one = sums(np.array([0.5]))
    flat = sums(np.array([0.5, 0.5, 0.5]))
    assert np.isnan(welch(*one, *sums(RNG.normal(size=10)))[1][0])
    assert np.isnan(welch(*flat, *flat)[1][0])  # no variance in either group


def test_two_proportions_equals_the_z_test() -> None:
    difference, p = two_proportions(
        pd.Series([45, 0]), pd.Series([60, 10]), pd.Series([30, 0]), pd.Series([55, 12])
    )
    p1, p2, pooled = 45 / 60, 30 / 55, 75 / 115
    z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / 60 + 1 / 55))
    assert difference[0] == pytest.approx(p1 - p2)
    assert p[0] == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-9)
    assert np.isnan(p[1])  # nobody meets in either group: nothing to test


def test_benjamini_hochberg_matches_scipy_and_the_1995_example() -> None:
    # Benjamini & Hochberg (1995), table 1: 15 p-values; at 5% the first four are discoveries.
    p = pd.Series(
        [
            0.0001,
            0.0004,
            0.0019,
            0.0095,
            0.0201,
            0.0278,
            0.0298,
            0.0344,
            0.0459,
            0.3240,
            0.4262,
            0.5719,
            0.6528,
            0.7590,
            1.0000,
        ]
    )
    q = benjamini_hochberg(p)
    assert q.tolist() == pytest.approx(stats.false_discovery_control(p.to_numpy()).tolist())
    assert int((q < 0.05).sum()) == 4
    with_gaps = benjamini_hochberg(pd.Series([0.01, np.nan, 0.04]))
    assert np.isnan(with_gaps[1])
    assert with_gaps[[0, 2]].tolist() == pytest.approx(
        stats.false_discovery_control([0.01, 0.04]).tolist()
    )


def rated(engine: Engine) -> pd.DataFrame:
    """Random ratings of two stages by two personas, returned as raw rows too."""
    rows = []
    for i in range(60):
        persona = "Family" if i < 25 else "Business traveller"
        for stage, shift in (("Booking", 1 if persona == "Family" else 0), ("Check-in", 0)):
            rating = int(np.clip(round(3 + shift + RNG.normal(0, 1)), 1, 5))
            expectation = "meets" if RNG.random() < 0.6 else "below"
            rows.append((f"r{i}", persona, stage, rating, expectation))
    raw = pd.DataFrame(
        rows, columns=["respondent_id", "persona", "stage", "emotion", "expectation"]
    )
    data = raw.to_csv(index=False).encode()
    import_responses(
        engine=engine, stream=io.BytesIO(data), file_name="w.csv", journey_name="Air travel"
    )
    raw["emotion"] = (raw["emotion"] - 3) / 2
    return raw


def test_persona_vs_rest_is_exact(air_travel: Engine) -> None:
    raw = rated(air_travel)
    tests = persona_vs_rest(
        stage_kpis(engine=air_travel, journey_id=1, by_persona=True, min_n=1),
        stage_kpis(engine=air_travel, journey_id=1, min_n=1),
    )
    row = tests[(tests["stage"] == "Booking") & (tests["persona"] == "Family")].iloc[0]
    booking = raw[raw["stage"] == "Booking"]
    family, rest = booking[booking["persona"] == "Family"], booking[booking["persona"] != "Family"]
    expected = stats.ttest_ind(family["emotion"], rest["emotion"], equal_var=False)
    assert row["emotion_difference"] == pytest.approx(
        family["emotion"].mean() - rest["emotion"].mean()
    )
    assert row["p_emotion"] == pytest.approx(expected.pvalue, rel=1e-9)
    table = [
        [(g["expectation"] == "meets").sum(), (g["expectation"] != "meets").sum()]
        for g in (family, rest)
    ]
    assert row["p_share"] == pytest.approx(stats.chi2_contingency(table, correction=False).pvalue)
    everything = pd.concat([tests["p_emotion"], tests["p_share"]], ignore_index=True)
    together = pd.concat([tests["q_emotion"], tests["q_share"]], ignore_index=True)
    assert together.tolist() == pytest.approx(benjamini_hochberg(everything).tolist(), nan_ok=True)


def test_stage_steps_and_wave_steps(air_travel: Engine) -> None:
    raw = rated(air_travel)
    kpis = stage_kpis(engine=air_travel, journey_id=1, min_n=1)
    steps = stage_steps(kpis)
    assert steps[["stage", "next_stage"]].values.tolist() == [["Booking", "Check-in"]]
    expected = stats.ttest_ind(
        raw.loc[raw["stage"] == "Check-in", "emotion"],
        raw.loc[raw["stage"] == "Booking", "emotion"],
        equal_var=False,
    )
    assert steps["p_emotion"][0] == pytest.approx(expected.pvalue, rel=1e-9)
    assert describe_steps(steps).startswith(
        "Every change" if steps["significant_emotion"][0] else "Not significant (dotted): Booking"
    )
    again = raw.assign(respondent_id=raw["respondent_id"] + "b")
    import_responses(
        engine=air_travel,
        stream=io.BytesIO(
            again.assign(emotion=(again["emotion"] * 2 + 3).astype(int))
            .to_csv(index=False)
            .encode()
        ),
        file_name="w2.csv",
        journey_name="Air travel",
    )
    waves = wave_steps(stage_kpis(engine=air_travel, journey_id=1, by_wave=True, min_n=1))
    assert waves[["stage", "previous_wave", "wave"]].values.tolist() == [
        ["Booking", "w", "w2"],
        ["Check-in", "w", "w2"],
    ]
    assert waves["emotion_difference"].tolist() == pytest.approx([0.0, 0.0])  # the same ratings


def test_the_differences_table_reads_as_text_of_one_format_per_column() -> None:
    tests = pd.DataFrame(
        {
            "stage": ["Booking", "Flight", "Security"],
            "persona": ["Family", "Family", "Family"],
            "emotion_difference": [-0.2049, 0.0004, 0.31],
            "q_emotion": [5e-230, 0.0231, 0.9],
            "significant_emotion": [True, False, True],
            "share_difference": [-0.025, 0.0, 0.1],
            "q_share": [0.04, 0.5, np.nan],
            "significant_share": [True, True, False],
        }
    )
    table = differences_table(tests)
    assert table.to_dict("list") == {
        "Stage": ["Booking", "Flight", "Security"],
        "Persona": ["Family", "Family", "Family"],
        "Emotion vs others": ["−0.20", "0.00", "+0.31"],
        "q (emotion)": ["< 0.001", "0.023", "0.900"],
        "Meets-or-exceeds vs others": ["−2.5 pts", "0.0 pts", "+10.0 pts"],
        "q (share)": ["0.040", "0.500", "–"],
    }
