"""What an outcome column measures, suggested from its question and all its answers."""

import pytest

from journey.ingest.outcomes import suggest_outcome_kind
from journey.ingest.scales import Scale

ZERO_TO_TEN = [str(n) for n in range(11)]


@pytest.mark.parametrize(
    ("question", "answers", "labels", "expected"),
    [
        ("How likely are you to recommend us? (0-10)", ZERO_TO_TEN, {}, ("nps", None)),
        ("Recommend to a friend", ["7", "9", "10"], {}, ("nps", None)),  # no 0 seen yet
        ("Overall score", ZERO_TO_TEN, {}, ("nps", None)),  # 0 … 10 is the NPS question
        ("Overall, how satisfied were you?", ["1", "2", "5"], {}, ("csat", Scale(1, 5))),
        ("Satisfaction (1-7)", ["1", "6", "7"], {}, ("csat", Scale(1, 7))),
        ("How easy was it to solve your issue?", ["2", "4", "7"], {}, ("ces", Scale(1, 7))),
        (
            "Customer effort",
            ["Agree", "Disagree"],
            {"Agree": 4, "Disagree": 2},
            ("ces", Scale(1, 5)),
        ),
        ("Would you buy again?", ["Yes", "No", ""], {}, ("yes/no", None)),
        ("Minutes on hold", ["3", "12", "45"], {}, ("numeric", None)),
        ("Overall satisfaction", ["1.5", "4"], {}, ("numeric", None)),  # not whole answers
        ("Overall satisfaction", ["good", "bad"], {}, ("numeric", None)),  # no numbers yet
    ],
)
def test_the_kind_comes_from_the_question_and_every_answer(
    question: str, answers: list[str], labels: dict[str, float], expected: tuple[str, Scale | None]
) -> None:
    assert suggest_outcome_kind(question, answers, labels) == expected
