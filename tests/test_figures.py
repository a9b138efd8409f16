"""The section-4 figures on small hand-computed data, on both database engines."""

import io
import math
import statistics

import pytest
from scipy import stats
from sqlalchemy.engine import Engine

from journey.analysis.curve import peaks_and_valleys
from journey.analysis.kpis import headline, moments_that_matter, peak_end, stage_kpis
from journey.ingest.importer import import_responses
from journey.store.filters import Filters

HEADER = "respondent_id,persona,stage,emotion,expectation\n"


def load(engine: Engine, rows: str, wave: str = "W1") -> None:
    report = import_responses(
        engine=engine,
        stream=io.BytesIO((HEADER + rows).encode()),
        file_name=f"{wave}.csv",
        journey_name="Air travel",
        wave=wave,
    )
    assert report.rows_rejected == 0, report.rejects.preview


def t_interval(values: list[float]) -> tuple[float, float]:
    mean = statistics.fmean(values)
    half = stats.t.ppf(0.975, len(values) - 1) * statistics.stdev(values) / math.sqrt(len(values))
    return mean - half, mean + half


# Booking: r1..r4 rate 5, 4, 4, 2 → emotions 1, .5, .5, -.5; one more answer has only an
# expectation. Check-in: r1, r2 rate 1, 2. Security: nobody. Flight: r3 rates 3 (n = 1).
ROWS = (
    "r1,Family,Booking,5,exceeds\n"
    "r2,Family,Booking,4,meets\n"
    "r3,Business traveller,Booking,4,meets\n"
    "r4,Business traveller,Booking,2,below\n"
    "r5,Family,Booking,,below\n"
    "r1,Family,Check-in,1,below\n"
    "r2,Family,Check-in,2,\n"
    "r3,Business traveller,Flight,3,meets\n"
)


def test_every_figure_of_every_stage(air_travel: Engine) -> None:
    load(air_travel, ROWS)
    kpis = stage_kpis(engine=air_travel, journey_id=1, min_n=2).set_index("stage")
    assert list(kpis.index) == ["Booking", "Check-in", "Security", "Flight"]

    booking = kpis.loc["Booking"]
    assert (booking["n"], booking["respondents"]) == (4, 4)
    assert booking["mean_emotion"] == pytest.approx(0.375, rel=1e-12)
    assert (booking["ci_low"], booking["ci_high"]) == pytest.approx(
        t_interval([1, 0.5, 0.5, -0.5]), rel=1e-12
    )
    # Expectation shares count the answer without an emotion too: below 2, meets 2, exceeds 1.
    assert booking["share_below"] == pytest.approx(2 / 5)
    assert booking["share_meets"] == pytest.approx(2 / 5)
    assert booking["share_exceeds"] == pytest.approx(1 / 5)
    assert booking["meets_or_exceeds"] == pytest.approx(3 / 5)
    assert booking["net_expectation"] == pytest.approx(1 / 5 - 2 / 5)
    # Reach: 4 of the 4 respondents with an emotion anywhere (r5 has none).
    assert booking["reach"] == pytest.approx(1.0)
    assert booking["impact"] == pytest.approx(2 / 5)

    check_in = kpis.loc["Check-in"]
    assert check_in["mean_emotion"] == pytest.approx(-0.75)
    assert check_in["share_below"] == pytest.approx(1.0)  # one answer, below
    assert check_in["reach"] == pytest.approx(2 / 4)
    assert check_in["impact"] == pytest.approx(0.5)

    security = kpis.loc["Security"]
    assert security["n"] == 0 and math.isnan(security["mean_emotion"]) and security["low_sample"]
    assert math.isnan(security["share_below"]) and math.isnan(security["impact"])

    flight = kpis.loc["Flight"]
    assert flight["n"] == 1 and flight["mean_emotion"] == 0.0
    assert math.isnan(flight["ci_low"]) and math.isnan(flight["ci_high"])  # no interval for n < 2
    assert flight["low_sample"]  # n = 1 < min_n = 2: shown, not ranked

    # Eligible: Booking (0.375) and Check-in (-0.75): first and last compare with one neighbour.
    assert kpis["shape"].tolist() == ["peak", "valley", None, None]


def test_moments_headline_and_peak_end(air_travel: Engine) -> None:
    load(air_travel, ROWS)
    kpis = stage_kpis(engine=air_travel, journey_id=1, min_n=2)
    ranked = moments_that_matter(kpis)
    assert list(ranked["stage"]) == ["Check-in", "Booking", "Flight"]
    figures = headline(kpis, respondents=4)
    assert figures.responses == 7
    assert figures.mean_emotion == pytest.approx((1 + 0.5 + 0.5 - 0.5 - 1 - 0.5 + 0) / 7)
    assert figures.meets_or_exceeds == pytest.approx(4 / 7)  # 7 answers: 3 below, 3 meets, 1 exc.
    assert figures.net_expectation == pytest.approx(1 / 7 - 3 / 7)
    assert (figures.high_point, figures.low_point, figures.top_moment) == (
        "Booking",
        "Check-in",
        "Check-in",
    )
    assert peak_end(kpis) == [
        ("High point", "Booking", 0.375),
        ("Low point", "Check-in", -0.75),
        ("End", "Check-in", -0.75),
    ]


def test_ties_in_impact_go_to_the_larger_n(air_travel: Engine) -> None:
    load(
        air_travel,
        "r1,Family,Booking,1,below\nr2,Family,Booking,5,exceeds\n"
        "r1,Family,Check-in,1,below\nr2,Family,Check-in,1,below\n"
        "r3,Family,Check-in,5,exceeds\nr4,Family,Check-in,5,exceeds\n",
    )
    kpis = stage_kpis(engine=air_travel, journey_id=1, min_n=1)
    ranked = moments_that_matter(kpis)
    # Booking: below 1/2, reach 2/4 → .25; Check-in: below 2/4, reach 4/4 → .5.
    assert list(ranked["stage"][:2]) == ["Check-in", "Booking"]
    load(
        air_travel,
        "r5,Family,Security,1,below\nr6,Family,Security,5,exceeds\n"
        "r5,Family,Flight,1,below\nr6,Family,Flight,5,meets\n"
        "r7,Family,Flight,5,exceeds\nr8,Family,Flight,5,meets\n",
        wave="W2",
    )
    tied = moments_that_matter(
        stage_kpis(engine=air_travel, journey_id=1, filters=Filters(waves=("W2",)), min_n=1)
    )
    # Security: below 1/2 × reach 2/4 = .25; Flight: below 1/4 × reach 4/4 = .25 → larger n first.
    assert tied["impact"].tolist()[:2] == pytest.approx([0.25, 0.25])
    assert list(tied["stage"][:2]) == ["Flight", "Security"]


def test_split_by_persona_gives_each_persona_its_own_curve(air_travel: Engine) -> None:
    load(air_travel, ROWS)
    kpis = stage_kpis(engine=air_travel, journey_id=1, by_persona=True, min_n=1)
    family = kpis[kpis["persona"] == "Family"].set_index("stage")
    business = kpis[kpis["persona"] == "Business traveller"].set_index("stage")
    assert family.loc["Booking", "mean_emotion"] == pytest.approx(0.75)
    assert business.loc["Booking", "mean_emotion"] == pytest.approx(0.0)
    # Reach within the persona: Family has r1, r2 with emotions; both went through Check-in.
    assert family.loc["Check-in", "reach"] == pytest.approx(1.0)
    assert business.loc["Flight", "reach"] == pytest.approx(1 / 2)
    assert family["shape"].tolist() == ["peak", "valley", None, None]
    assert business["shape"].tolist() == [None, None, None, None]  # 0 vs 0: neither
    assert (
        list(kpis["stage"])
        == ["Booking"] * 2 + ["Check-in"] * 2 + ["Security"] * 2 + ["Flight"] * 2
    )


def test_filters_by_persona_and_wave(air_travel: Engine) -> None:
    load(air_travel, ROWS)
    load(air_travel, "r9,Family,Booking,1,below\n", wave="W2")
    both = stage_kpis(engine=air_travel, journey_id=1, min_n=1).set_index("stage")
    assert both.loc["Booking", "n"] == 5
    w2 = stage_kpis(
        engine=air_travel, journey_id=1, filters=Filters(waves=("W2",)), min_n=1
    ).set_index("stage")
    assert w2.loc["Booking", "n"] == 1 and w2.loc["Booking", "mean_emotion"] == -1.0
    family = stage_kpis(
        engine=air_travel, journey_id=1, filters=Filters(personas=("Family",)), min_n=1
    ).set_index("stage")
    assert family.loc["Booking", "n"] == 3


@pytest.mark.parametrize(
    ("means", "eligible", "shapes"),
    [
        ([0.1, 0.5, 0.2], [True] * 3, ["valley", "peak", "valley"]),
        ([0.5, 0.5, 0.2], [True] * 3, [None, None, "valley"]),  # a tie is neither
        ([0.3], [True], [None]),  # no neighbour: neither
        ([0.1, 0.9, 0.2, 0.5], [True, False, True, True], ["valley", None, None, "peak"]),
        ([0.1, 0.9, 0.05, 0.5], [True, False, True, True], ["peak", None, "valley", "peak"]),
        ([0.1, None, 0.4], [True, True, True], ["valley", None, "peak"]),
        ([0.2, 0.2], [True, True], [None, None]),
        ([], [], []),
    ],
)
def test_peaks_and_valleys(
    means: list[float | None], eligible: list[bool], shapes: list[str | None]
) -> None:
    assert peaks_and_valleys(means, eligible) == shapes


def test_waves_come_in_time_order_not_alphabetical(air_travel: Engine) -> None:
    from journey.analysis.significance import wave_steps

    header = "respondent_id,persona,stage,emotion,expectation,responded_at\n"
    for wave, day, rating in (("Autumn", "2026-10-01", 5), ("Spring", "2026-04-01", 1)):
        rows = "".join(f"{wave}{i},Family,Booking,{rating},meets,{day}\n" for i in range(5))
        import_responses(
            engine=air_travel,
            stream=io.BytesIO((header + rows).encode()),
            file_name=f"{wave}.csv",
            journey_name="Air travel",
            wave=wave,
        )
    by_wave = stage_kpis(engine=air_travel, journey_id=1, by_wave=True, min_n=1)
    assert list(by_wave[by_wave["stage"] == "Booking"]["wave"]) == ["Spring", "Autumn"]
    steps = wave_steps(by_wave)
    assert steps[["previous_wave", "wave"]].values.tolist() == [["Spring", "Autumn"]]
    assert steps["emotion_difference"][0] == pytest.approx(2.0)
