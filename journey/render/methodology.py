"""How the figures were made, in a few lines: the last slide of present mode and of the deck.

Apart from the deck so that present mode does not load python-pptx to say it.
"""

from collections.abc import Sequence
from datetime import datetime

from journey.analysis.significance import METHOD
from journey.store.filters import Filters


def methodology(
    *,
    min_n: int,
    privacy_k: int,
    filters: Filters,
    waves: Sequence[str],
    made: datetime,
    privacy_k_comments: int = 10,
) -> list[str]:
    """How the figures were made, in a few lines: the deck's last slide and present mode's."""
    return [
        "Ratings normalised to −1 … +1: 2 · (raw − min) / (max − min) − 1, each on its own "
        "scale; values outside the scale were rejected, never clipped.",
        "Mean emotion per stage with a Student-t 95% interval; peaks and valleys among the "
        f"stages with n ≥ {min_n} (strictly above or below their nearest neighbours).",
        "Expectation shares among the answers with an expectation; moments that matter ranked "
        "by share below × reach.",
        f"Differences tested before they are called differences: {METHOD}.",
        "Drivers: Shapley values of R² (relative importance) with bootstrap intervals.",
        "Themes: each comment has at most one, from the team's codebook (keywords, then "
        "resemblance in meaning) or discovered by clustering the rest; shares are of the "
        "stage's comments.",
        f"Privacy: groups of fewer than {privacy_k} respondents show no figures; themes of "
        f"fewer than {privacy_k_comments} comments in a stage show neither figures nor quotes.",
        f"Filters: {filters.describe()}. Waves: {', '.join(waves) or 'none'}.",
        f"Made by Journey Lens on {made:%Y-%m-%d %H:%M} UTC.",
    ]
