"""How well the comment engine agrees with people, on a labelled set, against plain baselines.

    python -m bench.themes_quality
    python -m bench.themes_quality --fixture OTHER.csv --codebook OTHER.yaml

The set is a CSV with `comment`, `sentiment` (negative / neutral / positive) and `reason` (the
human-coded reason of a complaint, empty for the others), and optionally `part` (figures per
part and for all). For each part it prints:
- sentiment macro-F1 over the three classes: ours, and VADER's compound score cut at ±0.05;
- discovered themes (no codebook) against the reasons of the complaints, as normalised mutual
  information: ours, and TF-IDF + NMF with as many topics as reasons (each complaint to its
  strongest topic);
- codebook assignment macro-F1 over all complaints (a complaint the codebook leaves without a
  theme counts as missed): the keywords alone, and ours (keywords, then resemblance).
"""

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from sklearn.decomposition import NMF  # type: ignore[import-untyped]
from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
from sklearn.metrics import f1_score, normalized_mutual_info_score  # type: ignore[import-untyped]
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]

from journey.analysis.sentiment import score_sentiment, sentiment_label
from journey.analysis.themes import Codebook, CodebookTheme, assign_themes, keyword_themes

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "comments"
TARGETS = {"sentiment_f1": 0.60, "discovered_nmi": 0.25, "codebook_f1": 0.50}


@dataclass(frozen=True)
class Quality:
    """The figures for one labelled set, ours and the baselines'."""

    comments: int
    complaints: int
    sentiment_f1: float
    sentiment_f1_vader: float
    discovered_nmi: float
    discovered_nmi_nmf: float
    codebook_f1: float
    codebook_f1_keywords: float


def load_codebook(path: Path) -> Codebook:
    """A codebook from its YAML file (DESIGN §6 shape)."""
    themes = yaml.safe_load(path.read_text(encoding="utf-8"))["themes"]
    return Codebook(
        tuple(
            CodebookTheme(t["name"], tuple(t.get("keywords", ())), tuple(t.get("examples", ())))
            for t in themes
        )
    )


def load_comments(path: Path) -> pd.DataFrame:
    """The labelled comments, with `part` = "all" when the file has no parts."""
    frame = pd.read_csv(path, keep_default_na=False, dtype=str)
    if "part" not in frame:
        frame["part"] = "all"
    return frame


def _vader_labels(comments: list[str]) -> list[str]:
    analyser = SentimentIntensityAnalyzer()
    return [sentiment_label(analyser.polarity_scores(c)["compound"]) for c in comments]


def _nmf_topics(comments: list[str], topics: int) -> np.ndarray:
    tfidf = TfidfVectorizer(stop_words="english").fit_transform(comments)
    weights = NMF(topics, init="nndsvd", random_state=0, max_iter=500).fit_transform(tfidf)
    return np.asarray(weights.argmax(axis=1))


def evaluate(frame: pd.DataFrame, codebook: Codebook) -> Quality:
    """Score one labelled set with our engine and with the baselines."""
    comments = frame["comment"].tolist()
    ours = [s.label for s in score_sentiment(comments)]
    complaints = frame[frame["reason"] != ""]
    text, reasons = complaints["comment"].tolist(), complaints["reason"].tolist()
    labels = sorted(set(reasons))
    discovered = [c.theme for c in assign_themes(text).comments]
    themed = assign_themes(text, codebook).comments
    coded = [c.theme if c.source == "codebook" else "" for c in themed]
    keywords = [t or "" for t in keyword_themes(text, codebook)]
    return Quality(
        comments=len(frame),
        complaints=len(complaints),
        sentiment_f1=f1_score(frame["sentiment"], ours, average="macro"),
        sentiment_f1_vader=f1_score(frame["sentiment"], _vader_labels(comments), average="macro"),
        discovered_nmi=normalized_mutual_info_score(reasons, discovered),
        discovered_nmi_nmf=normalized_mutual_info_score(reasons, _nmf_topics(text, len(labels))),
        codebook_f1=f1_score(reasons, coded, average="macro", labels=labels),
        codebook_f1_keywords=f1_score(reasons, keywords, average="macro", labels=labels),
    )


def report(qualities: dict[str, Quality]) -> str:
    """The figures as a Markdown table, one column per part."""
    rows: list[tuple[str, Callable[[Quality], str]]] = [
        ("comments (complaints)", lambda q: f"{q.comments} ({q.complaints})"),
        ("sentiment macro-F1: ours", lambda q: f"{q.sentiment_f1:.3f}"),
        ("sentiment macro-F1: VADER ±0.05", lambda q: f"{q.sentiment_f1_vader:.3f}"),
        ("discovered themes NMI: ours", lambda q: f"{q.discovered_nmi:.3f}"),
        ("discovered themes NMI: TF-IDF + NMF", lambda q: f"{q.discovered_nmi_nmf:.3f}"),
        ("codebook macro-F1: ours", lambda q: f"{q.codebook_f1:.3f}"),
        ("codebook macro-F1: keywords only", lambda q: f"{q.codebook_f1_keywords:.3f}"),
    ]
    parts = list(qualities)
    lines = ["| figure | " + " | ".join(parts) + " |", "| --- |" + " ---: |" * len(parts)]
    lines += [
        f"| {name} | " + " | ".join(cell(qualities[p]) for p in parts) + " |" for name, cell in rows
    ]
    return "\n".join(lines)


def main() -> None:
    """Print the quality figures for each part of the labelled set and for all of it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", type=Path, default=FIXTURE / "comments.csv")
    parser.add_argument("--codebook", type=Path, default=FIXTURE / "codebook.yaml")
    arguments = parser.parse_args()
    frame = load_comments(arguments.fixture)
    codebook = load_codebook(arguments.codebook)
    parts = sorted(frame["part"].unique())
    qualities = {p: evaluate(frame[frame["part"] == p], codebook) for p in parts}
    if len(parts) > 1:
        qualities["all"] = evaluate(frame, codebook)
    print(report(qualities))
    print(
        "\nTargets: sentiment macro-F1 ≥ {sentiment_f1}, discovered NMI ≥ {discovered_nmi}, "
        "codebook macro-F1 ≥ {codebook_f1}.".format(**TARGETS)
    )


if __name__ == "__main__":
    main()
