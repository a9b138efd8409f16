"""What the user is looking at: the journey and filters, with loaders bound to the data."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import data
from journey.analysis.comment_themes import ThemeTables, sentiment_by_stage
from journey.analysis.drivers import DriverAnalysis
from journey.analysis.outcomes import OutcomeMetric, OutcomeSpec
from journey.analysis.privacy import (
    Split,
    small_groups,
    suppress_small_groups,
    without_small_groups,
)
from journey.catalog.codebooks import StoredCodebook
from journey.render.exports import file_name
from journey.render.journey_map import MapHeader
from journey.store.filters import Filters


@dataclass(frozen=True)
class View:
    """What the user is looking at, with loaders bound to the database's current revision."""

    url: str
    rev: int
    journey_id: int
    journey: str
    filters: Filters
    min_n: int
    privacy_k: int = 5
    privacy_k_comments: int = 10

    def kpis(self, *, by_persona: bool = False, by_wave: bool = False) -> pd.DataFrame:
        """The section-4 figures as they may be shown (journey.analysis.privacy)."""
        split: Split = "persona" if by_persona else "wave" if by_wave else None
        return data.protected_kpis(
            self.url, self.rev, self.journey_id, self.filters, split, self.min_n, self.privacy_k
        )

    def unfiltered_kpis(self, journey_id: int) -> pd.DataFrame:
        """Another journey's figures, without the sidebar's filters, under the same privacy rule."""
        return data.protected_kpis(
            self.url, self.rev, journey_id, Filters(), None, self.min_n, self.privacy_k
        )

    def outcome(self) -> tuple[OutcomeSpec, OutcomeMetric] | None:
        """The journey's outcome metric under the filters; None without outcomes or when
        fewer than the privacy threshold answered it."""
        found = data.journey_outcome(self.url, self.rev, self.journey_id, self.filters)
        return found if found is not None and found[1].n >= self.privacy_k else None

    def outcome_by_expectation(self, spec: OutcomeSpec) -> pd.DataFrame:
        """Per stage, the outcome of those below, meeting and exceeding expectations; groups
        under the privacy threshold left out."""
        split = data.outcome_by_expectation(self.url, self.rev, self.journey_id, self.filters, spec)
        return split[split["n"] >= self.privacy_k]

    def themes(self) -> ThemeTables:
        """The comments' themes under the filters; themes of fewer than `privacy_k_comments`
        comments in a group left out."""
        return data.theme_tables(
            self.url, self.rev, self.journey_id, self.filters, self.privacy_k_comments
        )

    def negative_shares(self) -> pd.DataFrame:
        """Per stage, the share of its comments that read as negative (stages of at least
        `privacy_k_comments` comments)."""
        return sentiment_by_stage(self.themes().comments, k=self.privacy_k_comments)

    def what_people_say(self) -> pd.DataFrame | None:
        """Each stage's top themes with a quote (`top_themes`), under the same privacy rule;
        None when the journey has no comments, so the map has no lane for them."""
        return data.what_people_say(
            self.url, self.rev, self.journey_id, self.filters, self.privacy_k_comments
        )

    def stored_themes(self) -> pd.DataFrame:
        return data.stored_themes(self.url, self.rev, self.journey_id)

    def codebook(self) -> StoredCodebook:
        return data.codebook(self.url, self.rev, self.journey_id)

    def needs_theming(self) -> bool:
        return data.needs_theming(self.url, self.rev, self.journey_id)

    def respondents(self) -> int:
        """Distinct respondents with an emotion in the journey (read off the KPIs' reach base)."""
        figures = self.kpis()
        return int(figures["journey_respondents"].max()) if len(figures) else 0

    def stages(self) -> pd.DataFrame:
        return data.stages(self.url, self.rev, self.journey_id)

    def touchpoints(self) -> pd.DataFrame:
        return data.touchpoints(self.url, self.rev, self.journey_id)

    def notes(self) -> pd.DataFrame:
        return data.notes(self.url, self.rev, self.journey_id)

    def dates(self) -> tuple[date | None, date | None]:
        return data.dates(self.url, self.rev, self.journey_id, self.filters)

    def waves(self) -> list[str]:
        chosen = list(self.filters.waves)
        return chosen or list(data.waves(self.url, self.rev, self.journey_id)["wave"])

    def report_html(self) -> str:
        """The stakeholder report of this view (built when asked for: it takes a second)."""
        return data.report(
            self.url,
            self.rev,
            self.journey_id,
            self.filters,
            self.min_n,
            self.privacy_k,
            self.privacy_k_comments,
        )

    def deck_pptx(self) -> bytes:
        """The review meeting's slides of this view, as PowerPoint (built when asked for)."""
        return data.deck(
            self.url,
            self.rev,
            self.journey_id,
            self.filters,
            self.min_n,
            self.privacy_k,
            self.privacy_k_comments,
        )

    def verbatims(
        self,
        stage: str | None,
        search: str,
        sentiment: str | None = None,
        theme: str | None = None,
    ) -> tuple[pd.DataFrame, int]:
        """The comments, newest first, and how many were left out: those of stage-and-persona
        groups too small to stay anonymous (a quote identifies sooner than a mean, so the
        threshold is `privacy_k_comments`)."""
        found = data.verbatims(
            self.url, self.rev, self.journey_id, self.filters, stage, search, sentiment, theme
        )
        by_persona = data.stage_kpis(
            self.url, self.rev, self.journey_id, self.filters, "persona", self.min_n
        )
        small = small_groups(suppress_small_groups(by_persona, self.privacy_k_comments))
        shown = without_small_groups(found, small)
        return shown, len(found) - len(shown)

    def driver_analysis(self) -> DriverAnalysis:
        """What each stage explains of the outcome; stages under the privacy threshold left out."""
        found = data.driver_analysis(self.url, self.rev, self.journey_id, self.filters, self.min_n)
        return found.without_small_groups(self.privacy_k)

    def theme_drivers(self) -> pd.DataFrame:
        """Themes as drivers of the outcome, those mentioned by fewer than
        `privacy_k_comments` respondents left out."""
        found = data.theme_drivers(self.url, self.rev, self.journey_id, self.filters, self.min_n)
        return found.table[found.table["mentions"] >= self.privacy_k_comments]

    def touchpoint_drivers(self, stage: str) -> DriverAnalysis:
        """The same analysis within one stage, its touchpoints as the drivers."""
        found = data.touchpoint_drivers(
            self.url, self.rev, self.journey_id, self.filters, self.min_n, stage
        )
        return found.without_small_groups(self.privacy_k)

    def touchpoint_kpis(self, stage: str | None) -> pd.DataFrame:
        """The figures per touchpoint (of one stage, or all), groups under the privacy
        threshold blanked."""
        figures = data.touchpoint_kpis(
            self.url, self.rev, self.journey_id, self.filters, self.min_n
        )
        chosen = figures if stage is None else figures[figures["stage"] == stage]
        return suppress_small_groups(chosen, self.privacy_k)

    def stages_with_rated_touchpoints(self) -> list[str]:
        """Stages with two or more touchpoints that carry ratings (the drill-down's choices)."""
        figures = data.touchpoint_kpis(
            self.url, self.rev, self.journey_id, self.filters, self.min_n
        )
        rated = figures[(figures["n"] > 0) & (figures["touchpoint_id"] != 0)]
        counts = rated.groupby("stage", sort=False)["touchpoint"].nunique()
        return list(counts[counts >= 2].index)

    def map_header(self) -> MapHeader:
        """What the journey map says it is of: journey, personas, waves, respondents."""
        return MapHeader(
            self.journey, self.filters.personas, tuple(self.waves()), self.respondents()
        )

    def describe(self) -> str:
        return f"{self.journey} · {self.filters.describe()}"

    def file_name(self, what: str, extension: str) -> str:
        """A file name that says what is in it: journey, filters, chart, date."""
        parts = [self.journey, *self.filters.personas, *self.filters.waves, what]
        return file_name(*parts, extension=extension)
