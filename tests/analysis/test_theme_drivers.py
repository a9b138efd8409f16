"""Themes as drivers: the outcome of those who mention a theme against those who do not."""

import pytest
from scipy import stats
from sqlalchemy.engine import Engine

from journey.analysis.theme_drivers import theme_drivers
from journey.catalog.codebooks import codebook_from_yaml, save_codebook
from tests.factories import Answer, journey_id, store_responses


@pytest.fixture
def mentioned(air_travel: Engine) -> Engine:
    """40 respondents rate Booking and Flight; the first 12 write that the flight was late."""
    answers, outcomes = [], {}
    for i in range(40):
        booking, flight = (i % 5) / 2 - 1, ((i * 3) % 5) / 2 - 1
        answers += [Answer(f"r{i}", "Booking", booking), Answer(f"r{i}", "Flight", flight)]
        outcomes[f"r{i}"] = float(5 + 2 * booking + flight - (3 if i < 12 else 0) + i % 3)
    store_responses(air_travel, answers, outcomes=outcomes, outcome_kind="numeric")
    with air_travel.begin() as connection:
        for i in range(12):
            connection.exec_driver_sql(
                "UPDATE response SET comment = 'The flight was late' WHERE respondent_id = "
                + ("%s" if air_travel.dialect.name == "postgresql" else "?")
                + " AND stage_id = (SELECT id FROM stage WHERE name = 'Flight')",
                (f"r{i}",),
            )
    save_codebook(
        engine=air_travel,
        journey_id=journey_id(air_travel),
        codebook=codebook_from_yaml("themes: [{name: Late flight, keywords: [late]}]"),
    )
    return air_travel


def test_a_themes_effect_is_the_welch_difference_of_the_outcomes(mentioned: Engine) -> None:
    found = theme_drivers(engine=mentioned, journey_id=journey_id(mentioned), min_n=10)
    late = found.table.set_index("theme").loc["Late flight"]
    outcome = [
        5 + 2 * ((i % 5) / 2 - 1) + ((i * 3) % 5) / 2 - 1 - (3 if i < 12 else 0) + i % 3
        for i in range(40)
    ]
    with_theme, without = outcome[:12], outcome[12:]
    test = stats.ttest_ind(with_theme, without, equal_var=False)
    low, high = test.confidence_interval(0.95)
    assert late["mentions"] == 12
    assert late["effect"] == pytest.approx(sum(with_theme) / 12 - sum(without) / 28, rel=1e-12)
    assert (late["effect_low"], late["effect_high"]) == pytest.approx((low, high), rel=1e-9)
    assert late["importance"] > 0  # it joins the stages in the model, on their scale
    assert found.r2 is not None and found.n == 40


def test_a_theme_mentioned_by_too_few_is_not_weighed(mentioned: Engine) -> None:
    found = theme_drivers(engine=mentioned, journey_id=journey_id(mentioned), min_n=13)
    assert found.table.empty
