"""Independent computations the tests compare the product's figures with (SciPy, plain SQL,
not our code)."""

import statistics
from collections import Counter

from scipy import stats
from sqlalchemy import text
from sqlalchemy.engine import Engine


def t_interval(values: list[float]) -> tuple[float, float]:
    """Student-t 95% interval of the mean of the values, as SciPy computes it."""
    low, high = stats.t.interval(
        0.95, len(values) - 1, loc=statistics.mean(values), scale=stats.sem(values)
    )
    return float(low), float(high)


def top_themes_by_hand(
    engine: Engine, journey_id: int, k: int = 10, count: int = 3
) -> list[tuple[str, str, int, float]]:
    """Each stage's largest themes (not Other) with at least `k` comments, counted with plain
    SQL rows and a Counter: (stage, theme, n, share of the stage's comments), stages in order."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT s.name, s.position, t.name FROM response r"
                " JOIN stage s ON s.id = r.stage_id"
                " JOIN theme t ON t.id = r.theme_id"
                " WHERE r.journey_id = :journey AND trim(r.comment) != ''"
            ),
            {"journey": journey_id},
        ).all()
    positions = {stage: position for stage, position, _ in rows}
    per_stage = Counter(stage for stage, _, _ in rows)
    per_theme = Counter((stage, theme) for stage, _, theme in rows)
    found: list[tuple[str, str, int, float]] = []
    for stage in sorted(per_stage, key=positions.__getitem__):
        ranked = sorted(
            ((theme, n) for (s, theme), n in per_theme.items() if s == stage),
            key=lambda item: (-item[1], item[0]),
        )
        kept = [(theme, n) for theme, n in ranked if n >= k and theme != "Other"][:count]
        found += [(stage, theme, n, n / per_stage[stage]) for theme, n in kept]
    return found
