"""A journey's codebook: the themes the team names, kept per journey, edited, imported as YAML.

Every change re-themes the journey's comments at once (journey.analysis.comment_themes), so
what the pages show always follows the codebook. Theme names are unique ignoring case.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime

import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.analysis.comment_themes import ThemingReport, theme_journey_comments
from journey.analysis.themes import Codebook, CodebookTheme
from journey.catalog.rules import EditError, check_unique, clean_name, clean_text, get_row
from journey.schemas.base import load_yaml_model
from journey.schemas.codebook import CodebookFile
from journey.store.db import writing
from journey.store.models import Journey, JourneyCodebook


@dataclass(frozen=True)
class StoredCodebook:
    """The journey's codebook and how many themes to discover (None: chosen from the data)."""

    codebook: Codebook
    discovered: int | None = None


def codebook_from_yaml(text: str, source: str = "codebook") -> Codebook:
    """The codebook of a YAML file (DESIGN.md section 6), or FileError naming file and key."""
    document = load_yaml_model(text, CodebookFile, source)
    return Codebook(
        tuple(
            CodebookTheme(theme.name, tuple(theme.keywords), tuple(theme.examples))
            for theme in document.themes
        )
    )


def codebook_to_yaml(codebook: Codebook) -> str:
    """The codebook as the YAML file it imports from."""
    themes = []
    for theme in codebook.themes:
        item: dict[str, object] = {"name": theme.name}
        if theme.keywords:
            item["keywords"] = list(theme.keywords)
        if theme.examples:
            item["examples"] = list(theme.examples)
        themes.append(item)
    return yaml.safe_dump({"themes": themes}, sort_keys=False, allow_unicode=True, width=100)


def stored_codebook(*, engine: Engine, journey_id: int) -> StoredCodebook:
    """The journey's codebook (empty until the team writes one)."""
    with Session(engine) as session:
        row = session.scalars(
            select(JourneyCodebook).where(col(JourneyCodebook.journey_id) == journey_id)
        ).first()
    if row is None:
        return StoredCodebook(Codebook())
    return StoredCodebook(codebook_from_yaml(row.codebook_yaml, "stored codebook"), row.discovered)


def retheme(*, engine: Engine, journey_id: int) -> ThemingReport:
    """Theme the journey's comments with its stored codebook (after an import or a deletion)."""
    stored = stored_codebook(engine=engine, journey_id=journey_id)
    return theme_journey_comments(
        engine=engine,
        journey_id=journey_id,
        codebook=stored.codebook,
        discovered=stored.discovered,
    )


def save_codebook(
    *,
    engine: Engine,
    journey_id: int,
    codebook: Codebook,
    discovered: int | None = None,
    keep_discovered: bool = True,
) -> ThemingReport:
    """Store the journey's codebook and re-theme its comments with it."""
    with writing(engine) as session:
        get_row(session, Journey, journey_id, "journey")
        row = session.scalars(
            select(JourneyCodebook).where(col(JourneyCodebook.journey_id) == journey_id)
        ).first() or JourneyCodebook(journey_id=journey_id, updated_at=datetime.now(UTC))
        row.codebook_yaml = codebook_to_yaml(codebook)
        if not keep_discovered or discovered is not None:
            row.discovered = discovered
        row.updated_at = datetime.now(UTC)
        session.add(row)
    return retheme(engine=engine, journey_id=journey_id)


def _theme(codebook: Codebook, name: str) -> int:
    index = next(
        (i for i, t in enumerate(codebook.themes) if t.name.lower() == name.strip().lower()), None
    )
    if index is None:
        raise EditError(f"The codebook has no theme named {name!r}.")
    return index


def _with(codebook: Codebook, index: int, theme: CodebookTheme | None) -> Codebook:
    themes = list(codebook.themes)
    if theme is None:
        del themes[index]
    else:
        themes[index] = theme
    return Codebook(tuple(themes))


def add_theme(codebook: Codebook, name: str, keywords: list[str] | None = None) -> Codebook:
    """The codebook with a new theme (keywords optional)."""
    name = clean_name(name, what="theme")
    check_unique(name, [t.name for t in codebook.themes], what="theme", where="The codebook")
    words = _clean_keywords(keywords or [])
    return Codebook((*codebook.themes, CodebookTheme(name, words)))


def rename_theme(codebook: Codebook, name: str, new_name: str) -> Codebook:
    """The codebook with a theme renamed (its keywords and examples kept)."""
    index = _theme(codebook, name)
    new_name = clean_name(new_name, what="theme")
    others = [t.name for i, t in enumerate(codebook.themes) if i != index]
    check_unique(new_name, others, what="theme", where="The codebook")
    return _with(codebook, index, replace(codebook.themes[index], name=new_name))


def merge_themes(codebook: Codebook, names: list[str], into: str) -> Codebook:
    """The codebook with several themes merged into one (keywords and examples pooled)."""
    indexes = sorted({_theme(codebook, name) for name in names})
    if len(indexes) < 2:
        raise EditError("Choose at least two themes to merge.")
    into = clean_name(into, what="theme")
    merged = [codebook.themes[i] for i in indexes]
    others = [t.name for i, t in enumerate(codebook.themes) if i not in indexes]
    check_unique(into, others, what="theme", where="The codebook")
    keywords = tuple(dict.fromkeys(k for t in merged for k in t.keywords))
    examples = tuple(dict.fromkeys(e for t in merged for e in t.examples))
    themes = [t for i, t in enumerate(codebook.themes) if i not in indexes[1:]]
    themes[indexes[0]] = CodebookTheme(into, keywords, examples)
    return Codebook(tuple(themes))


def delete_theme(codebook: Codebook, name: str) -> Codebook:
    """The codebook without the theme (its comments go back to discovery)."""
    return _with(codebook, _theme(codebook, name), None)


def set_keywords(codebook: Codebook, name: str, keywords: list[str]) -> Codebook:
    """The codebook with the theme's keywords replaced."""
    index = _theme(codebook, name)
    return _with(
        codebook, index, replace(codebook.themes[index], keywords=_clean_keywords(keywords))
    )


def add_example(codebook: Codebook, name: str, comment: str) -> Codebook:
    """The codebook with a comment the team says belongs to the theme ("move it there")."""
    index = _theme(codebook, name)
    text = clean_text(comment, what="example", required=True)
    theme = codebook.themes[index]
    if text in theme.examples:
        return codebook
    return _with(codebook, index, replace(theme, examples=(*theme.examples, text)))


def promote_theme(codebook: Codebook, name: str, terms: list[str]) -> Codebook:
    """The codebook with a discovered theme kept: its name and telling terms as keywords."""
    return add_theme(codebook, name, terms)


def _clean_keywords(keywords: list[str]) -> tuple[str, ...]:
    cleaned = [clean_text(word, what="keyword") for word in keywords]
    return tuple(dict.fromkeys(word for word in cleaned if word))
