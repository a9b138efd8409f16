"""Section-4 figures on tiny data whose every number is derivable by hand, on both engines."""

import io
import math
import statistics
from typing import Any

import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.analysis.curve import peaks_and_valleys
from journey.analysis.kpis import Headline, headline, moments_that_matter, peak_end, stage_kpis
from journey.ingest.importer import import_responses
from journey.store.filters import Filters
from journey.store.lookups import find_journey
from tests.reference import t_interval

HEADER = "respondent_id,persona,stage,touchpoint,emotion,expectation\n"
WAVE_1 = (
    HEADER
    + "r1,Business traveller,Booking,Website,5,Exceeded\n"
    + "r2,Business traveller,Booking,App,4,Met\n"
    + "r3,Family,Booking,,3,Meets expectations\n"
    + "r4,Family,Booking,,1,Did not meet\n"
    + "r1,Business traveller,Check-in,,2,Did not meet\n"
    + "r2,Business traveller,Check-in,,4,\n"
    + "r5,Family,Check-in,,,Meets expectations\n"  # an expectation without an emotion
    + "r3,Family,Security,,1,Below expectations\n"
    + "r4,Family,Security,,2,Did not meet\n"
)  # nobody rated Flight
WAVE_2 = (
    HEADER
    + "r1,Business traveller,Booking,Website,1,Did not meet\n"  # r1 again, a wave later
    + "r6,Family,Flight,,4,Exceeded\n"
)
STAGES = ["Booking", "Check-in", "Security", "Flight"]
BOOKING = [1.0, 0.5, 0.0, -1.0]  # wave 1's emotions per stage
CHECK_IN = [-0.5, 0.5]
SECURITY = [-1.0, -0.5]


def load(engine: Engine, text: str, wave: str) -> None:
    report = import_responses(
        engine=engine,
        stream=io.BytesIO(text.encode()),
        file_name=f"{wave}.csv",
        journey_name="Air travel",
        wave=wave,
    )
    assert report.rows_rejected == 0, report.rejects.preview


def journey_id(engine: Engine) -> int:
    with Session(engine) as session:
        found = find_journey(session=session, name="Air travel").id
    assert found is not None
    return found


@pytest.fixture
def wave_1(air_travel: Engine) -> Engine:
    load(air_travel, WAVE_1, "W1")
    return air_travel


@pytest.fixture
def two_waves(wave_1: Engine) -> Engine:
    load(wave_1, WAVE_2, "W2")
    return wave_1


def figures(kpis: pd.DataFrame, stage: str, persona: str | None = None) -> dict[str, Any]:
    """The row of one stage (and persona)."""
    chosen = kpis[kpis["stage"] == stage]
    if persona is not None:
        chosen = chosen[chosen["persona"] == persona]
    assert len(chosen) == 1, (stage, persona)
    return dict(chosen.iloc[0])


def close(value: float) -> Any:
    return pytest.approx(value, rel=1e-12, abs=1e-15)


def test_counts_and_means(wave_1: Engine) -> None:
    kpis = stage_kpis(engine=wave_1, journey_id=journey_id(wave_1))
    assert list(kpis["stage"]) == STAGES
    assert list(kpis["n"]) == [4, 2, 2, 0]
    assert list(kpis["respondents"]) == [4, 2, 2, 0]
    assert figures(kpis, "Booking")["mean_emotion"] == close(0.125)
    assert figures(kpis, "Check-in")["mean_emotion"] == close(0.0)
    assert figures(kpis, "Security")["mean_emotion"] == close(-0.75)
    assert list(kpis["persona"]) == [None] * 4


@pytest.mark.parametrize(
    ("stage", "values"), [("Booking", BOOKING), ("Check-in", CHECK_IN), ("Security", SECURITY)]
)
def test_confidence_interval_is_student_t_95(
    wave_1: Engine, stage: str, values: list[float]
) -> None:
    row = figures(stage_kpis(engine=wave_1, journey_id=journey_id(wave_1)), stage)
    low, high = t_interval(values)
    assert row["ci_low"] == close(low)
    assert row["ci_high"] == close(high)


def test_booking_interval_by_hand(wave_1: Engine) -> None:
    """Booking: mean 1/8, squared deviations 35/16 over 3 degrees of freedom, t(0.975, 3)."""
    row = figures(stage_kpis(engine=wave_1, journey_id=journey_id(wave_1)), "Booking")
    half = 3.1824463052837078 * math.sqrt(35 / 48) / 2
    assert row["ci_low"] == close(0.125 - half)
    assert row["ci_high"] == close(0.125 + half)


def test_expectation_shares_count_rows_without_emotion(wave_1: Engine) -> None:
    kpis = stage_kpis(engine=wave_1, journey_id=journey_id(wave_1))
    booking, check_in, security = (figures(kpis, s) for s in STAGES[:3])
    # Booking: exceeds, meets, meets, below
    assert (booking["share_below"], booking["share_meets"], booking["share_exceeds"]) == (
        0.25,
        0.5,
        0.25,
    )
    assert booking["meets_or_exceeds"] == 0.75
    assert booking["net_expectation"] == 0.0
    # Check-in: r1 below, r2 no answer, r5 meets without an emotion
    assert (check_in["share_below"], check_in["share_meets"], check_in["share_exceeds"]) == (
        0.5,
        0.5,
        0.0,
    )
    assert check_in["meets_or_exceeds"] == 0.5
    assert check_in["net_expectation"] == -0.5
    assert (security["share_below"], security["meets_or_exceeds"]) == (1.0, 0.0)
    assert security["net_expectation"] == -1.0
    for row in (booking, check_in, security):
        total = row["share_below"] + row["share_meets"] + row["share_exceeds"]
        assert total == close(1.0)


def test_stage_without_data(wave_1: Engine) -> None:
    flight = figures(stage_kpis(engine=wave_1, journey_id=journey_id(wave_1)), "Flight")
    assert (flight["n"], flight["respondents"]) == (0, 0)
    assert bool(flight["low_sample"]) is True
    assert flight["shape"] is None
    for key in (
        "mean_emotion",
        "ci_low",
        "ci_high",
        "share_below",
        "share_meets",
        "share_exceeds",
        "meets_or_exceeds",
        "net_expectation",
        "impact",
    ):
        assert pd.isna(flight[key]), key


def test_low_sample_against_min_n(wave_1: Engine) -> None:
    jid = journey_id(wave_1)
    assert list(stage_kpis(engine=wave_1, journey_id=jid)["low_sample"]) == [True] * 4  # default 30
    assert list(stage_kpis(engine=wave_1, journey_id=jid, min_n=4)["low_sample"]) == [
        False,
        True,
        True,
        True,
    ]
    assert list(stage_kpis(engine=wave_1, journey_id=jid, min_n=2)["low_sample"]) == [
        False,
        False,
        False,
        True,
    ]


def test_shapes_over_eligible_stages(wave_1: Engine) -> None:
    jid = journey_id(wave_1)
    # means 0.125, 0, -0.75 (Flight has none): Booking above its one neighbour, Security below
    assert list(stage_kpis(engine=wave_1, journey_id=jid, min_n=2)["shape"]) == [
        "peak",
        None,
        "valley",
        None,
    ]
    # only Booking reaches n = 4: no neighbour, so neither
    assert list(stage_kpis(engine=wave_1, journey_id=jid, min_n=4)["shape"]) == [None] * 4
    assert list(stage_kpis(engine=wave_1, journey_id=jid)["shape"]) == [None] * 4


def test_reach_and_impact(wave_1: Engine) -> None:
    """Four respondents have an emotion somewhere (r5 only answered an expectation)."""
    kpis = stage_kpis(engine=wave_1, journey_id=journey_id(wave_1))
    assert list(kpis["reach"][:3]) == [1.0, 0.5, 0.5]
    assert list(kpis["impact"][:3]) == [0.25 * 1.0, 0.5 * 0.5, 1.0 * 0.5]


def test_moments_that_matter_ties_go_to_the_larger_n(wave_1: Engine) -> None:
    """Booking and Check-in both have impact 0.25; Booking has n 4, Check-in n 2."""
    ranked = moments_that_matter(stage_kpis(engine=wave_1, journey_id=journey_id(wave_1)))
    assert list(ranked["stage"]) == ["Security", "Booking", "Check-in"]
    assert list(ranked["impact"]) == [0.5, 0.25, 0.25]


def test_headline(wave_1: Engine) -> None:
    kpis = stage_kpis(engine=wave_1, journey_id=journey_id(wave_1), min_n=2)
    assert headline(kpis, respondents=4) == Headline(
        respondents=4,
        responses=8,
        mean_emotion=-0.125,  # (0.125·4 + 0·2 − 0.75·2) / 8
        meets_or_exceeds=0.5,  # 4 of 8 answers meet or exceed
        net_expectation=-0.375,  # (1 exceeds − 4 below) / 8
        high_point="Booking",
        low_point="Security",
        top_moment="Security",
    )


def test_headline_without_eligible_stages(wave_1: Engine) -> None:
    found = headline(stage_kpis(engine=wave_1, journey_id=journey_id(wave_1)), respondents=4)
    assert (found.high_point, found.low_point, found.top_moment) == (None, None, "Security")


def test_by_persona_each_persona_is_its_own_curve(wave_1: Engine) -> None:
    kpis = stage_kpis(engine=wave_1, journey_id=journey_id(wave_1), by_persona=True, min_n=2)
    personas = ["Business traveller", "Family"]
    assert list(zip(kpis["stage"], kpis["persona"], strict=True)) == [
        (stage, persona) for stage in STAGES for persona in personas
    ]
    business = kpis[kpis["persona"] == "Business traveller"]
    family = kpis[kpis["persona"] == "Family"]
    assert list(business["n"]) == [2, 2, 0, 0]
    assert list(family["n"]) == [2, 0, 2, 0]
    assert list(business["mean_emotion"][:2]) == [0.75, 0.0]
    assert figures(kpis, "Booking", "Family")["mean_emotion"] == -0.5
    assert figures(kpis, "Security", "Family")["mean_emotion"] == -0.75
    assert list(business["shape"]) == ["peak", "valley", None, None]
    # Family's Check-in has no emotion: Booking and Security are neighbours
    assert list(family["shape"]) == ["peak", None, "valley", None]


def test_by_persona_reach_and_impact_are_within_the_persona(wave_1: Engine) -> None:
    """Two Family respondents have an emotion (r3, r4): both rated Booking, so reach is 1."""
    kpis = stage_kpis(engine=wave_1, journey_id=journey_id(wave_1), by_persona=True)
    family_booking = figures(kpis, "Booking", "Family")
    assert (family_booking["reach"], family_booking["share_below"]) == (1.0, 0.5)
    assert family_booking["impact"] == 0.5
    business_check_in = figures(kpis, "Check-in", "Business traveller")
    assert (business_check_in["share_below"], business_check_in["impact"]) == (1.0, 1.0)
    family_check_in = figures(kpis, "Check-in", "Family")  # r5: an expectation only
    assert (family_check_in["n"], family_check_in["share_meets"]) == (0, 1.0)
    assert (family_check_in["reach"], family_check_in["impact"]) == (0.0, 0.0)
    assert pd.isna(figures(kpis, "Security", "Business traveller")["impact"])


def test_by_persona_interval_matches_the_raw_values(wave_1: Engine) -> None:
    kpis = stage_kpis(engine=wave_1, journey_id=journey_id(wave_1), by_persona=True)
    row = figures(kpis, "Booking", "Business traveller")
    low, high = t_interval([1.0, 0.5])
    assert (row["ci_low"], row["ci_high"]) == (close(low), close(high))


def test_filter_by_persona(wave_1: Engine) -> None:
    kpis = stage_kpis(
        engine=wave_1, journey_id=journey_id(wave_1), filters=Filters(personas=("Family",))
    )
    assert list(kpis["persona"]) == [None] * 4
    assert list(kpis["n"]) == [2, 0, 2, 0]
    booking = figures(kpis, "Booking")
    assert (booking["mean_emotion"], booking["share_below"], booking["reach"]) == (-0.5, 0.5, 1.0)
    assert figures(kpis, "Check-in")["share_meets"] == 1.0


def test_filter_by_wave(two_waves: Engine) -> None:
    jid = journey_id(two_waves)
    first = stage_kpis(engine=two_waves, journey_id=jid, filters=Filters(waves=("W1",)))
    assert list(first["n"]) == [4, 2, 2, 0]
    assert figures(first, "Booking")["mean_emotion"] == close(0.125)
    second = stage_kpis(engine=two_waves, journey_id=jid, filters=Filters(waves=("W2",)))
    assert list(second["n"]) == [1, 0, 0, 1]
    booking, flight = figures(second, "Booking"), figures(second, "Flight")
    assert (booking["mean_emotion"], flight["mean_emotion"]) == (-1.0, 0.5)
    # two respondents with an emotion in W2 (r1, r6): each stage reaches half of them
    assert (booking["reach"], booking["impact"]) == (0.5, 0.5)
    assert (flight["share_exceeds"], flight["impact"]) == (1.0, 0.0)


def test_a_single_response_has_no_interval(two_waves: Engine) -> None:
    second = stage_kpis(
        engine=two_waves, journey_id=journey_id(two_waves), filters=Filters(waves=("W2",))
    )
    flight = figures(second, "Flight")
    assert flight["n"] == 1 and flight["mean_emotion"] == 0.5
    assert pd.isna(flight["ci_low"]) and pd.isna(flight["ci_high"])


def test_respondents_are_counted_once_across_waves(two_waves: Engine) -> None:
    kpis = stage_kpis(engine=two_waves, journey_id=journey_id(two_waves))
    booking = figures(kpis, "Booking")
    assert (booking["n"], booking["respondents"]) == (5, 4)  # r1 rated Booking in both waves
    values = [*BOOKING, -1.0]
    assert booking["mean_emotion"] == close(statistics.fmean(values))
    low, high = t_interval(values)
    assert (booking["ci_low"], booking["ci_high"]) == (close(low), close(high))
    # five respondents with an emotion: r1 to r4 and r6
    assert booking["reach"] == close(4 / 5)
    assert booking["impact"] == close(2 / 5 * 4 / 5)  # 2 of 5 answers below
    both = stage_kpis(
        engine=two_waves, journey_id=journey_id(two_waves), filters=Filters(waves=("W1", "W2"))
    )
    pd.testing.assert_frame_equal(both, kpis)


def test_persona_and_wave_filters_combine(two_waves: Engine) -> None:
    kpis = stage_kpis(
        engine=two_waves,
        journey_id=journey_id(two_waves),
        filters=Filters(personas=("Family",), waves=("W2",)),
    )
    assert list(kpis["n"]) == [0, 0, 0, 1]
    assert figures(kpis, "Flight")["reach"] == 1.0


def test_a_journey_without_responses(air_travel: Engine) -> None:
    kpis = stage_kpis(engine=air_travel, journey_id=journey_id(air_travel))
    assert list(kpis["stage"]) == STAGES
    assert list(kpis["n"]) == [0, 0, 0, 0]
    assert kpis["mean_emotion"].isna().all() and kpis["impact"].isna().all()
    assert moments_that_matter(kpis).empty
    assert headline(kpis, respondents=0) == Headline(0, 0, None, None, None, None, None, None)


HEADER = "respondent_id,persona,stage,emotion,expectation\n"


def load_rows(engine: Engine, rows: str, wave: str = "W1") -> None:
    load(engine, HEADER + rows, wave)


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
    load_rows(air_travel, ROWS)
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
    load_rows(air_travel, ROWS)
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
    load_rows(
        air_travel,
        "r1,Family,Booking,1,below\nr2,Family,Booking,5,exceeds\n"
        "r1,Family,Check-in,1,below\nr2,Family,Check-in,1,below\n"
        "r3,Family,Check-in,5,exceeds\nr4,Family,Check-in,5,exceeds\n",
    )
    kpis = stage_kpis(engine=air_travel, journey_id=1, min_n=1)
    ranked = moments_that_matter(kpis)
    # Booking: below 1/2, reach 2/4 → .25; Check-in: below 2/4, reach 4/4 → .5.
    assert list(ranked["stage"][:2]) == ["Check-in", "Booking"]
    load_rows(
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
    load_rows(air_travel, ROWS)
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
    load_rows(air_travel, ROWS)
    load_rows(air_travel, "r9,Family,Booking,1,below\n", wave="W2")
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
