"""What the user is looking at: the journey and filters, with loaders bound to the data."""

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard import data
from journey.analysis.drivers import DriverAnalysis
from journey.analysis.privacy import suppress_small_groups
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

    def kpis(self, *, by_persona: bool = False, by_wave: bool = False) -> pd.DataFrame:
        """The section-4 figures, with groups under the privacy threshold blanked."""
        split = "persona" if by_persona else "wave" if by_wave else None
        figures = data.stage_kpis(
            self.url, self.rev, self.journey_id, self.filters, split, self.min_n
        )
        return suppress_small_groups(figures, self.privacy_k)

    def unfiltered_kpis(self, journey_id: int) -> pd.DataFrame:
        """Another journey's figures, without the sidebar's filters, under the same privacy rule."""
        figures = data.stage_kpis(self.url, self.rev, journey_id, Filters(), None, self.min_n)
        return suppress_small_groups(figures, self.privacy_k)

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
            self.url, self.rev, self.journey_id, self.filters, self.min_n, self.privacy_k
        )

    def deck_pptx(self) -> bytes:
        """The review meeting's slides of this view, as PowerPoint (built when asked for)."""
        return data.deck(
            self.url, self.rev, self.journey_id, self.filters, self.min_n, self.privacy_k
        )

    def verbatims(self, stage: str | None, search: str) -> pd.DataFrame:
        return data.verbatims(self.url, self.rev, self.journey_id, self.filters, stage, search)

    def drivers(self) -> pd.DataFrame:
        return data.drivers(self.url, self.rev, self.journey_id, self.filters)

    def driver_importance(self) -> DriverAnalysis:
        """What each stage explains of the overall outcome, after the others."""
        return data.driver_importance(self.url, self.rev, self.journey_id, self.filters, self.min_n)

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
