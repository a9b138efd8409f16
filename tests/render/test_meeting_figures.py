"""What the slides, the deck and the report show, gathered once under the privacy rules."""

from pathlib import Path

from journey.render.meeting_figures import meeting_figures
from journey.store.db import make_engine


def test_the_drivers_leave_out_stages_under_the_threshold(demo_db_file: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db_file}")
    shown = meeting_figures(engine=engine, journey_id=1).drivers
    assert shown.r2 is not None and len(shown.drivers) == 7
    # 1,686 respondents rated every stage: a threshold above that leaves nothing to show.
    hidden = meeting_figures(engine=engine, journey_id=1, privacy_k=3000).drivers
    assert hidden.r2 is None and hidden.drivers == ()
    assert hidden.reason == (
        "Fewer than 3000 respondents rated every stage: too few to stay anonymous."
    )
