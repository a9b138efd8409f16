"""Is a difference real? Tests computed from the SQL sums, with the false-discovery rate held.

Every test works from per-group counts, sums and sums of squares (the app never loads raw
rows): Welch's t-test on mean emotion, and the two-proportion test on the meets-or-exceeds
share (a 2 × 2 chi-square without continuity correction, which is the same test). Across the
tests shown together, Benjamini–Hochberg keeps the expected share of false discoveries at 5%.
The distributions come from scipy.special (what scipy.stats calls), which loads in a tenth of
the time: the tests in tests/analysis compare every p-value with scipy.stats.
"""

import numpy as np
import pandas as pd
from scipy import special

from journey.formatting import points, q_value, signed

ALPHA = 0.05
METHOD = (
    "Welch's t-test on mean emotion, two-proportion test on meets-or-exceeds; "
    "Benjamini–Hochberg false-discovery rate 5% across the tests shown"
)


def _moments(n: pd.Series, total: pd.Series, total_sq: pd.Series) -> tuple[pd.Series, pd.Series]:
    n = n.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total.astype(float) / n
        variance = (total_sq.astype(float) - n * mean**2) / (n - 1)
    return mean, variance.clip(lower=0) ** 0.5


def welch(
    n1: pd.Series, s1: pd.Series, ss1: pd.Series, n2: pd.Series, s2: pd.Series, ss2: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Difference of means (1 − 2) and Welch's two-sided p-value, from sums; NaN where n < 2."""
    mean1, sd1 = _moments(n1, s1, ss1)
    mean2, sd2 = _moments(n2, s2, ss2)
    with np.errstate(invalid="ignore", divide="ignore"):
        m1, d1, c1, m2, d2, c2 = (
            np.asarray(v, dtype=float) for v in (mean1, sd1, n1, mean2, sd2, n2)
        )
        error1, error2 = d1**2 / c1, d2**2 / c2
        t = (m1 - m2) / np.sqrt(error1 + error2)
        freedom = (error1 + error2) ** 2 / (error1**2 / (c1 - 1) + error2**2 / (c2 - 1))
        p = 2 * special.stdtr(freedom, -np.abs(t))
    valid = (n1 >= 2) & (n2 >= 2) & ((sd1 > 0) | (sd2 > 0))
    return (mean1 - mean2).where(n1.gt(0) & n2.gt(0)), pd.Series(p, index=n1.index).where(valid)


def two_proportions(
    x1: pd.Series, n1: pd.Series, x2: pd.Series, n2: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """Difference of shares (1 − 2) and the two-sided p-value of the two-proportion test."""
    p_values = []
    for a, m, b, k in zip(x1, n1, x2, n2, strict=True):
        table = np.array([[a, m - a], [b, k - b]], dtype=float)
        if m == 0 or k == 0 or table.sum(axis=0).min() == 0:
            p_values.append(np.nan)
        else:
            expected = np.outer(table.sum(axis=1), table.sum(axis=0)) / table.sum()
            chi2 = float(((table - expected) ** 2 / expected).sum())
            p_values.append(float(special.chdtrc(1, chi2)))
    with np.errstate(invalid="ignore", divide="ignore"):
        difference = x1 / n1.astype(float) - x2 / n2.astype(float)
    return difference, pd.Series(p_values, index=x1.index, dtype=float)


def benjamini_hochberg(p_values: pd.Series) -> pd.Series:
    """BH-adjusted q-values; missing p-values stay missing and do not count as tests."""
    present = p_values.dropna()
    adjusted = pd.Series(np.nan, index=p_values.index)
    if len(present):
        p = present.to_numpy(dtype=float)
        order = np.argsort(p)
        ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
        q = np.minimum.accumulate(ranked[::-1])[::-1].clip(max=1)  # the step-up rule
        adjusted[present.index[order]] = q
    return adjusted


def _share_counts(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    return frame["n_meets"] + frame["n_exceeds"], frame["n_expectation"]


def persona_vs_rest(by_persona: pd.DataFrame, overall: pd.DataFrame) -> pd.DataFrame:
    """Each persona against everyone else, per stage: differences, p- and q-values.

    "Everyone else" is the stage's totals minus the persona's own sums, so it is exact.
    """
    columns = ["n", "total", "total_sq", "n_meets", "n_exceeds", "n_expectation"]
    totals = overall.set_index("stage")[columns].add_suffix("_all")
    rest = by_persona.join(totals, on="stage")
    other = pd.DataFrame(
        {
            "n": rest["n_all"] - rest["n"],
            "total": rest["total_all"] - rest["total"].fillna(0),
            "total_sq": rest["total_sq_all"] - rest["total_sq"].fillna(0),
            "n_meets": rest["n_meets_all"] - rest["n_meets"],
            "n_exceeds": rest["n_exceeds_all"] - rest["n_exceeds"],
            "n_expectation": rest["n_expectation_all"] - rest["n_expectation"],
        }
    )
    result = by_persona[["stage", "persona", "position"]].copy()
    result["emotion_difference"], result["p_emotion"] = welch(
        by_persona["n"],
        by_persona["total"].fillna(0),
        by_persona["total_sq"].fillna(0),
        other["n"],
        other["total"],
        other["total_sq"],
    )
    mine, mine_n = _share_counts(by_persona)
    theirs, theirs_n = _share_counts(other)
    result["share_difference"], result["p_share"] = two_proportions(mine, mine_n, theirs, theirs_n)
    return _adjust(result, ["p_emotion", "p_share"])


def stage_steps(kpis: pd.DataFrame) -> pd.DataFrame:
    """Each stage against the next measured one: the drops and rises of the curve.

    Respondents rate several stages, so the two groups overlap; Welch's test treats them as
    independent, which errs on the side of calling fewer steps significant.
    """
    measured = kpis[kpis["n"] > 0].sort_values("position").reset_index(drop=True)
    steps = pd.DataFrame(
        {
            "stage": measured["stage"].iloc[:-1].to_numpy(),
            "next_stage": measured["stage"].iloc[1:].to_numpy(),
        }
    )
    here, there = (
        measured.iloc[:-1].reset_index(drop=True),
        measured.iloc[1:].reset_index(drop=True),
    )
    steps["from_mean"], steps["to_mean"] = here["mean_emotion"], there["mean_emotion"]
    difference, p = welch(
        there["n"], there["total"], there["total_sq"], here["n"], here["total"], here["total_sq"]
    )
    steps["emotion_difference"], steps["p_emotion"] = difference, p
    return _adjust(steps, ["p_emotion"])


def wave_steps(by_wave: pd.DataFrame) -> pd.DataFrame:
    """Each stage in each wave against the same stage in the previous wave."""
    ordered = by_wave[by_wave["n"] > 0].sort_values(["position", "wave_order"])
    previous = ordered.groupby("stage", sort=False).shift(1)
    steps = ordered[["stage", "wave", "position"]].copy()
    steps["previous_wave"] = previous["wave"]
    steps["emotion_difference"], steps["p_emotion"] = welch(
        ordered["n"],
        ordered["total"],
        ordered["total_sq"],
        previous["n"].fillna(0),
        previous["total"].fillna(0),
        previous["total_sq"].fillna(0),
    )
    mine, mine_n = _share_counts(ordered)
    counts = previous[["n_meets", "n_exceeds", "n_expectation"]].fillna(0)
    theirs, theirs_n = _share_counts(counts)
    steps["share_difference"], steps["p_share"] = two_proportions(mine, mine_n, theirs, theirs_n)
    steps = steps[steps["previous_wave"].notna()].reset_index(drop=True)
    return _adjust(steps, ["p_emotion", "p_share"])


def _adjust(frame: pd.DataFrame, p_columns: list[str]) -> pd.DataFrame:
    """q-values for every p-value column, adjusted together, and the verdicts."""
    stacked = pd.concat([frame[c] for c in p_columns], ignore_index=True)
    adjusted = benjamini_hochberg(stacked)
    for number, column in enumerate(p_columns):
        q = adjusted.iloc[number * len(frame) : (number + 1) * len(frame)].to_numpy()
        frame[column.replace("p_", "q_")] = q
        frame[column.replace("p_", "significant_")] = q < ALPHA
    return frame


def describe_steps(steps: pd.DataFrame) -> str:
    """Which stage-to-stage changes are real, in words, with the method."""
    if steps.empty:
        return ""
    quiet = steps[~steps["significant_emotion"]]
    if quiet.empty:
        verdict = "Every change from one stage to the next is significant."
    else:
        pairs = ", ".join(
            f"{a} → {b}" for a, b in zip(quiet["stage"], quiet["next_stage"], strict=True)
        )
        verdict = f"Not significant (dotted): {pairs}."
    return f"{verdict} ({METHOD}.)"


def with_versus_rest(by_persona: pd.DataFrame, tests: pd.DataFrame) -> pd.DataFrame:
    """The persona figures with a `versus` note where a persona differs from the rest."""
    notes = [
        f"{signed(difference)} vs others" if significant else ""
        for difference, significant in zip(
            tests["emotion_difference"], tests["significant_emotion"], strict=True
        )
    ]
    keyed = dict(zip(zip(tests["stage"], tests["persona"], strict=True), notes, strict=True))
    return by_persona.assign(
        versus=[
            keyed.get(key, "")
            for key in zip(by_persona["stage"], by_persona["persona"], strict=True)
        ]
    )


def differences_table(tests: pd.DataFrame) -> pd.DataFrame:
    """The significant persona-vs-rest differences, for people to read."""
    shown = tests[tests["significant_emotion"] | tests["significant_share"]]
    return pd.DataFrame(
        {
            "Stage": shown["stage"],
            "Persona": shown["persona"],
            "Emotion vs others": shown["emotion_difference"].map(signed),
            "q (emotion)": shown["q_emotion"].map(q_value),
            "Meets-or-exceeds vs others": shown["share_difference"].map(points),
            "q (share)": shown["q_share"].map(q_value),
        }
    ).reset_index(drop=True)
