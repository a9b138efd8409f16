"""The engine stays above the issue's targets on both parts of the labelled fixture."""

import pytest

from bench.themes_quality import FIXTURE, TARGETS, Quality, evaluate, load_codebook, load_comments


@pytest.fixture(scope="module")
def qualities() -> dict[str, Quality]:
    """The figures for the development part and the held-back part."""
    frame = load_comments(FIXTURE / "comments.csv")
    codebook = load_codebook(FIXTURE / "codebook.yaml")
    return {part: evaluate(frame[frame["part"] == part], codebook) for part in ("dev", "held_back")}


@pytest.mark.parametrize("part", ["dev", "held_back"])
def test_above_targets_and_baselines(qualities: dict[str, Quality], part: str) -> None:
    """Each figure beats its target and its plain baseline."""
    quality = qualities[part]
    assert quality.sentiment_f1 >= TARGETS["sentiment_f1"]
    assert quality.discovered_nmi >= TARGETS["discovered_nmi"]
    assert quality.codebook_f1 >= TARGETS["codebook_f1"]
    assert quality.sentiment_f1 > quality.sentiment_f1_vader
    assert quality.discovered_nmi > quality.discovered_nmi_nmf
    assert quality.codebook_f1 > quality.codebook_f1_keywords
