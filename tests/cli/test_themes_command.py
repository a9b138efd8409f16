"""`python -m journey themes` (DESIGN.md section 5): the JSON shape, the codebook, the comments."""

import json
from pathlib import Path
from typing import Any

import pytest

from journey.cli import main

THEME_KEYS = {"theme", "source", "terms", "n", "share", "sentiment"}
STAGE_KEYS = {"stage", "theme", "n", "share", "mean_emotion", "difference", "p_adjusted"}
COMMENT_KEYS = {"respondent", "stage", "comment", "theme", "sentiment", "sentiment_label"}


def themes(
    db: Path, capsys: pytest.CaptureFixture[str], *args: str, journey: str = "Support case"
) -> Any:
    capsys.readouterr()
    code = main(["themes", "--db", f"sqlite:///{db}", "--journey", journey, *args,
                 "--format", "json"])  # fmt: skip
    assert code == 0
    return json.loads(capsys.readouterr().out)


def test_the_json_holds_themes_and_the_per_stage_table(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = themes(demo_copy, capsys)
    assert set(document) == {"themes", "by_stage"}
    assert document["themes"] and all(set(t) == THEME_KEYS for t in document["themes"])
    assert all(set(row) == STAGE_KEYS for row in document["by_stage"])
    assert all(t["n"] >= 10 for t in document["themes"])  # privacy_k_comments
    sources = {t["theme"]: t["source"] for t in document["themes"]}
    assert sources["Waiting on hold"] == "codebook"  # the demo team's codebook
    assert sum(t["share"] for t in document["themes"]) <= 1.0 + 1e-9


def test_comments_are_listed_in_stored_order_with_their_theme(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    comments = themes(demo_copy, capsys, "--comments")["comments"]
    assert comments and all(set(c) == COMMENT_KEYS for c in comments)
    assert {c["sentiment_label"] for c in comments} <= {"negative", "neutral", "positive"}
    assert all(-1 <= c["sentiment"] <= 1 for c in comments)


def test_a_codebook_file_becomes_the_journeys(
    demo_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    codebook = tmp_path / "cb.yaml"
    codebook.write_text("themes:\n  - {name: Engineers, keywords: [engineer, technician]}\n")
    document = themes(demo_copy, capsys, "--codebook", str(codebook), "--comments")
    assert [t["theme"] for t in document["themes"] if t["source"] == "codebook"] == ["Engineers"]
    assert all(
        c["theme"] == "Engineers"
        for c in document["comments"]
        if "engineer" in c["comment"].lower()
    )
    again = themes(demo_copy, capsys)  # stored: the next run uses it without the flag
    assert "Engineers" in {t["theme"] for t in again["themes"]}


def test_a_bad_codebook_is_refused_with_its_key_and_changes_nothing(
    demo_copy: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    before = themes(demo_copy, capsys)
    codebook = tmp_path / "bad.yaml"
    codebook.write_text("themes: [{name: X, keywords: late}]\n")
    code = main(["themes", "--db", f"sqlite:///{demo_copy}", "--journey", "Support case",
                 "--codebook", str(codebook)])  # fmt: skip
    assert code == 2
    error = capsys.readouterr().err
    assert error.startswith(f"error: {codebook}: themes[0].keywords: expected a list")
    assert themes(demo_copy, capsys) == before


def test_an_import_without_comments_leaves_the_themes_alone(
    demo_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Theming every comment of the journey again takes seconds: only new comments call for it."""
    before = themes(demo_copy, capsys)
    url = f"sqlite:///{demo_copy}"
    plain = tmp_path / "plain.csv"
    plain.write_text("respondent_id,persona,stage,emotion\nP1,Busy professional,Diagnosis,2\n")
    assert (
        main(["import", "--db", url, str(plain), "--journey", "Support case", "--wave", "X"]) == 0
    )
    assert "themed" not in capsys.readouterr().out
    assert themes(demo_copy, capsys) == before
    commented = tmp_path / "commented.csv"
    commented.write_text(
        "respondent_id,persona,stage,emotion,comment\n"
        "P2,Busy professional,Diagnosis,1,Forty minutes on hold before anyone answered\n"
    )
    assert main(["import", "--db", url, str(commented), "--journey", "Support case",
                 "--wave", "X"]) == 0  # fmt: skip
    assert "comments themed into" in capsys.readouterr().out
