"""A journey's comments themed and stored: a sentiment and a theme per comment, and the themes.

Theming is done once per change of the comments (after each import or deletion) and of the
codebook, never by a page: pages, the report and the command line read what is stored. The
whole journey is themed together, because discovered themes are groups of all its comments;
a sentiment is scored once per comment, as it depends on the comment alone.
"""

import time
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col

from journey.analysis.sentiment import score_sentiment
from journey.analysis.stage_themes import stage_theme_table
from journey.analysis.themes import OTHER, Codebook, ThemeResult, assign_themes
from journey.formatting import plural
from journey.store.db import writing
from journey.store.filters import ALL_RESPONSES, Filters, response_conditions
from journey.store.models import JourneyTheme, Persona, Response, Stage

WHOLE_JOURNEY = "Whole journey"
TOP_THEMES = 3  # themes per stage on the map, in the report and on the slides


@dataclass(frozen=True)
class ThemingReport:
    """What a theming run did."""

    comments: int
    scored: int  # comments whose sentiment was scored now (the others had one)
    themes: int
    seconds: float

    def summary(self) -> str:
        return (
            f"{plural(self.comments, 'comment')} themed into {plural(self.themes, 'theme')} "
            f"({plural(self.scored, 'new sentiment score')}) in {self.seconds:.1f} s"
        )


def _comments(engine: Engine, journey_id: int) -> pd.DataFrame:
    query = (
        select(col(Response.id), col(Response.comment), col(Response.sentiment))
        .where(
            col(Response.journey_id) == journey_id,
            col(Response.comment).is_not(None),
            func.trim(col(Response.comment)) != "",
        )
        .order_by(col(Response.id))
    )
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    return pd.DataFrame(rows, columns=["response_id", "comment", "sentiment"])


def theme_journey_comments(
    *, engine: Engine, journey_id: int, codebook: Codebook, discovered: int | None = None
) -> ThemingReport:
    """Score and theme every comment of the journey, and store the result in one transaction."""
    started = time.perf_counter()
    comments = _comments(engine, journey_id)
    texts = [str(text) for text in comments["comment"]]
    unscored = [i for i, score in enumerate(comments["sentiment"]) if pd.isna(score)]
    scores = dict(zip(unscored, score_sentiment([texts[i] for i in unscored]), strict=True))
    result = assign_themes(texts, codebook, k=discovered)
    ids = [int(i) for i in comments["response_id"]]
    with writing(engine) as session:
        session.execute(delete(JourneyTheme).where(col(JourneyTheme.journey_id) == journey_id))
        theme_ids = _store_themes(session.connection(), journey_id, result, ids)
        rows = [
            {
                "response": response_id,
                "theme": theme_ids[found.theme],
                "score": scores[i].score if i in scores else None,
                "label": scores[i].label if i in scores else None,
            }
            for i, (response_id, found) in enumerate(zip(ids, result.comments, strict=True))
        ]
        if rows:
            statement = (
                update(Response)
                .where(col(Response.id) == bindparam("response"))
                .values(
                    theme_id=bindparam("theme"),
                    sentiment=func.coalesce(bindparam("score"), col(Response.sentiment)),
                    sentiment_label=func.coalesce(
                        bindparam("label"), col(Response.sentiment_label)
                    ),
                )
            )
            session.connection().execute(statement, rows)
    return ThemingReport(len(texts), len(scores), len(result.themes), time.perf_counter() - started)


def _store_themes(
    connection: Connection, journey_id: int, result: ThemeResult, response_ids: list[int]
) -> dict[str, int]:
    """Insert the themes, largest first (Other last); their ids by name."""
    ids: dict[str, int] = {}
    for position, theme in enumerate(result.themes):
        statement = insert(JourneyTheme).returning(col(JourneyTheme.id))
        inserted = connection.execute(
            statement,
            {
                "journey_id": journey_id,
                "name": theme.name,
                "source": theme.source,
                "position": position,
                "comments": theme.n,
                "terms": list(theme.terms),
                "quotes": [response_ids[i] for i in theme.quotes],
            },
        )
        theme_id = inserted.scalar_one()
        assert theme_id is not None
        ids[theme.name] = theme_id
    return ids


def needs_theming(*, engine: Engine, journey_id: int) -> bool:
    """Whether any comment of the journey lacks its theme or sentiment (not themed yet)."""
    query = (
        select(col(Response.id))
        .where(
            col(Response.journey_id) == journey_id,
            col(Response.comment).is_not(None),
            func.trim(col(Response.comment)) != "",
            (col(Response.theme_id).is_(None)) | (col(Response.sentiment).is_(None)),
        )
        .limit(1)
    )
    with engine.connect() as connection:
        return connection.execute(query).first() is not None


def stored_themes(*, engine: Engine, journey_id: int) -> pd.DataFrame:
    """The journey's themes as stored: theme_id, theme, source, comments, terms, quotes."""
    query = (
        select(
            col(JourneyTheme.id),
            col(JourneyTheme.name),
            col(JourneyTheme.source),
            col(JourneyTheme.comments),
            col(JourneyTheme.terms),
            col(JourneyTheme.quotes),
        )
        .where(col(JourneyTheme.journey_id) == journey_id)
        .order_by(col(JourneyTheme.position))
    )
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    return pd.DataFrame(
        rows, columns=["theme_id", "theme", "source", "comments", "terms", "quotes"]
    )


def themed_comments(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES
) -> pd.DataFrame:
    """Every comment under the filters with its stage, persona, rating, sentiment and theme."""
    query = (
        select(
            col(Response.id),
            col(Response.respondent_id),
            col(Stage.name),
            col(Stage.position),
            col(Persona.name),
            col(Response.wave),
            col(Response.emotion),
            col(Response.comment),
            col(Response.sentiment),
            col(Response.sentiment_label),
            col(JourneyTheme.name),
            col(JourneyTheme.source),
        )
        .join(Stage, col(Stage.id) == col(Response.stage_id))
        .join(Persona, col(Persona.id) == col(Response.persona_id))
        .outerjoin(JourneyTheme, col(JourneyTheme.id) == col(Response.theme_id))
        .where(
            *response_conditions(journey_id, filters),
            col(Response.comment).is_not(None),
            func.trim(col(Response.comment)) != "",
        )
        .order_by(col(Response.id))
    )
    columns = [
        "response_id", "respondent", "stage", "position", "persona", "wave", "emotion",
        "comment", "sentiment", "sentiment_label", "theme", "source",
    ]  # fmt: skip
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    return pd.DataFrame(rows, columns=columns).astype({"emotion": float, "sentiment": float})


@dataclass(frozen=True)
class ThemeTables:
    """The themes of a journey's comments under the filters, as the pages and the CLI show them.

    `overview`: theme, source, terms, n, share (of all comments shown), sentiment (mean), per
    theme with at least `k` comments; `by_stage`: the per-stage table of DESIGN.md section 6
    (themes with at least `k` comments in a stage); `comments`: every comment with its theme.
    """

    overview: pd.DataFrame
    by_stage: pd.DataFrame
    whole: pd.DataFrame  # the by-stage table's figures for the whole journey as one group
    comments: pd.DataFrame


def theme_tables(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES, k: int = 10
) -> ThemeTables:
    """The stored themes' figures under the filters; groups under `k` comments left out."""
    comments = themed_comments(engine=engine, journey_id=journey_id, filters=filters)
    themes = stored_themes(engine=engine, journey_id=journey_id).set_index("theme")
    named = comments.dropna(subset=["theme"])
    overview = (
        named.groupby("theme", sort=False)
        .agg(n=("comment", "size"), sentiment=("sentiment", "mean"))
        .reset_index()
    )
    overview["share"] = overview["n"] / len(named) if len(named) else 0.0
    overview["source"] = [themes["source"].get(t, "other") for t in overview["theme"]]
    overview["terms"] = [list(themes["terms"].get(t) or []) for t in overview["theme"]]
    position = {name: i for i, name in enumerate(themes.index)}
    overview["_order"] = [position.get(t, 0) for t in overview["theme"]]
    overview = overview[overview["n"] >= k].sort_values(["n", "_order"], ascending=[False, True])
    columns = ["theme", "source", "terms", "n", "share", "sentiment"]
    by_stage = stage_theme_table(named.sort_values(["position", "response_id"]), k=k)
    whole = stage_theme_table(named.assign(stage=WHOLE_JOURNEY), k=k)
    return ThemeTables(overview[columns].reset_index(drop=True), by_stage, whole, comments)


def representative_quotes(
    comments: pd.DataFrame, theme: str, central: list[int], count: int = 3
) -> list[str]:
    """Up to `count` quotes of the theme from these comments: first the theme's most central
    comments (`central`, response ids, as the theming found them), then the most often written."""
    own = comments[comments["theme"] == theme]
    chosen = list(dict.fromkeys(own.loc[own["response_id"].isin(central), "comment"].astype(str)))
    for text in own["comment"].astype(str).value_counts(sort=True).index:
        if len(chosen) >= count:
            break
        if text not in chosen:
            chosen.append(str(text))
    return chosen[:count]


def sentiment_by_stage(comments: pd.DataFrame, *, k: int) -> pd.DataFrame:
    """Per stage in order: its comments and the share that read negative (k comments or more)."""
    scored = comments.dropna(subset=["sentiment_label"])
    table = (
        scored.assign(negative=scored["sentiment_label"] == "negative")
        .groupby(["position", "stage"], sort=True)
        .agg(comments=("comment", "size"), negative_share=("negative", "mean"))
        .reset_index()
    )
    return table[table["comments"] >= k][["stage", "comments", "negative_share"]]


def top_themes(
    tables: ThemeTables, stored: pd.DataFrame, *, count: int = TOP_THEMES
) -> pd.DataFrame:
    """Each stage's `count` most frequent themes, with one representative quote written at
    that stage: stage, theme, n, share, mean_emotion, quote.

    `stored` is `stored_themes` (its central comments come first as quotes). Other, the
    comments no theme fits, names nothing people say, so it is left out; the privacy rule of
    `tables` holds, since only its rows (themes of at least its `k` comments) are ranked.
    """
    central = {
        str(theme): [int(i) for i in quotes or []]
        for theme, quotes in zip(stored["theme"], stored["quotes"], strict=True)
    }
    named = tables.by_stage[tables.by_stage["theme"] != OTHER]
    top = named.groupby("stage", sort=False).head(count).reset_index(drop=True)
    by_stage = dict(tuple(tables.comments.groupby("stage", sort=False)))
    quotes = [
        representative_quotes(by_stage[stage], str(theme), central.get(str(theme), []), 1)[0]
        for stage, theme in zip(top["stage"], top["theme"], strict=True)
    ]
    columns = ["stage", "theme", "n", "share", "mean_emotion"]
    return top[columns].assign(quote=quotes)


def what_people_say(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES, k: int = 10
) -> pd.DataFrame | None:
    """The top themes of each stage under the filters (`top_themes`, themes of fewer than `k`
    comments in a stage left out); None when the journey has no themed comments at all."""
    stored = stored_themes(engine=engine, journey_id=journey_id)
    if stored.empty:
        return None
    tables = theme_tables(engine=engine, journey_id=journey_id, filters=filters, k=k)
    return top_themes(tables, stored)
