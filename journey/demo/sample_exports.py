"""Sample survey exports, as each survey tool writes them, for the demo's "First purchase".

    python -m journey.demo.sample_exports data/samples

writes one export per tool for a new wave (2026-Q4), with the quirks of the real thing (header
rows, encodings, text answers) and a few bad cells for the validation to catch, plus the
mapping that imports each one. Everything is deterministic: running it twice gives the same
bytes, and a test checks the committed files against it.
"""

import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from openpyxl import Workbook

from journey.demo.definitions import PERSONA_MIX, PERSONAS
from journey.demo.journeys import FIRST_PURCHASE
from journey.ingest.mapping import Mapping, OutcomeColumn, RatingColumn, StageColumn
from journey.ingest.scales import Scale

WAVE = "2026-Q4"
RESPONDENTS = 120
SEED = 4
START = datetime(2026, 10, 5, 9, 0)
STAGES = [stage.name for stage in FIRST_PURCHASE.stages]
SATISFACTION = ("Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied")
AGREEMENT = (
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
)
EXPECTATION = ("Below expectations", "Met expectations", "Exceeded expectations")
COMMENTS = (
    "The activation fee was a surprise.",
    "Clear bill,\nno surprises.",
    "I had to call to understand the first bill.\nTwice.",
    "Café-quality service, really.",
)


@dataclass(frozen=True)
class Answer:
    """One simulated respondent: persona, a 1–5 rating per stage, and the rest."""

    number: int
    persona: str
    ratings: tuple[int, ...]
    expectation: int  # 0 below, 1 meets, 2 exceeds (of the first bill)
    recommend: int  # 0–10
    comment: str
    submitted: datetime


def respondents() -> list[Answer]:
    rng = np.random.default_rng(SEED)
    answers = []
    for number in range(RESPONDENTS):
        persona = int(rng.choice(4, p=PERSONA_MIX))
        ratings = tuple(
            int(np.clip(round(s.mean + s.persona_shift[persona] + 0.3 + rng.normal(0, 0.8)), 1, 5))
            for s in FIRST_PURCHASE.stages
        )
        bill = ratings[-1]
        answers.append(
            Answer(
                number=number,
                persona=PERSONAS[persona]["name"],
                ratings=ratings,
                expectation=0 if bill <= 2 else (2 if bill == 5 else 1),
                recommend=int(np.clip(round(2 * np.mean(ratings) - 1 + rng.normal(0, 1)), 0, 10)),
                comment=COMMENTS[number % len(COMMENTS)] if number % 9 == 0 else "",
                submitted=START + timedelta(hours=int(rng.integers(0, 24 * 60))),
            )
        )
    return answers


def _csv(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return out.getvalue()


def qualtrics() -> bytes:
    """Qualtrics: ids, question texts, ImportId JSON; UTF-8 with BOM; CRLF; bad cells."""
    ids = [
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "DistributionChannel",
        "UserLanguage",
        "Q1",
    ]
    ids += [f"Q2_{i + 1}" for i in range(len(STAGES))] + ["Q3", "Q4", "Q5"]
    texts = [
        "Start Date",
        "End Date",
        "Response Type",
        "IP Address",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "Recorded Date",
        "Response ID",
        "Distribution Channel",
        "User Language",
        "Which describes you best?",
    ]
    texts += [f"How did you feel at each step? - {stage}" for stage in STAGES]
    texts += [
        "Did your first bill meet your expectations?",
        "How likely are you to recommend us to a friend? (0-10)",
        "Anything else about your first bill?",
    ]
    imports = [f'{{"ImportId":"{name}"}}' for name in ids]
    rows = [ids, texts, imports]
    for a in respondents():
        ratings = [str(r) for r in a.ratings]
        response_id = f"R_{a.number:04d}q{(a.number * 7919) % 9973:04d}"
        if a.number == 5:
            ratings[1] = "7"  # outside the 1–5 scale
        if a.number == 17:
            ratings[3] = "x"  # not a number
        if a.number == 29:
            response_id = ""  # a respondent without an id
        expectation = "Sort of" if a.number == 41 else EXPECTATION[a.expectation]
        end = a.submitted + timedelta(minutes=6)
        rows.append(
            [
                a.submitted.isoformat(sep=" "),
                end.isoformat(sep=" "),
                "IP Address",
                f"10.0.{a.number // 250}.{a.number % 250}",
                "100",
                "360",
                "True",
                end.isoformat(sep=" "),
                response_id,
                "anonymous",
                "EN",
                a.persona,
                *ratings,
                expectation,
                str(a.recommend),
                a.comment,
            ]
        )
    return ("\ufeff" + _csv(rows, newline="\r\n")).encode("utf-8")


def qualtrics_mapping() -> Mapping:
    return Mapping(
        respondent_id="ResponseId",
        persona=("Q1",),
        responded_at="StartDate",
        outcome=OutcomeColumn("Q4"),
        ratings=tuple(
            RatingColumn(f"Q2_{i + 1}", stage, scale=Scale(1, 5)) for i, stage in enumerate(STAGES)
        ),
        expectations=(StageColumn("Q3", "First bill"),),
        comments=(StageColumn("Q5", "First bill"),),
        attributes=("UserLanguage",),
    )


def surveymonkey() -> bytes:
    """SurveyMonkey: two header rows with a merged heading; Windows-1252; text answers."""
    first = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
        "Which describes you best?",
        "How satisfied were you with each step?",
    ]
    first += [""] * (len(STAGES) - 1) + ["Anything else? (€ or otherwise)"]
    second = ["", "", "", "", "", "", "", "", "", "Response", *STAGES, "Open-Ended Response"]
    rows = [first, second]
    for a in respondents():
        answers = [SATISFACTION[r - 1] for r in a.ratings]
        if a.number % 11 == 3:
            answers[0] = "  very SATISFIED "  # stray case and spaces, as people type
        if a.number == 8:
            answers[2] = "Meh"  # no number for it
        rows.append(
            [
                str(11_400_000_000 + a.number),
                "431234567",
                a.submitted.strftime("%m/%d/%Y %I:%M:%S %p"),
                "",
                "",
                "",
                "Zoë" if a.number % 13 == 0 else "",
                "",
                "",
                a.persona,
                *answers,
                a.comment.replace("\n", " "),
            ]
        )
    return _csv(rows).encode("cp1252")


def surveymonkey_mapping() -> Mapping:
    return Mapping(
        respondent_id="Respondent ID",
        persona=("Which describes you best?",),
        responded_at="Start Date",
        ratings=tuple(
            RatingColumn(f"How satisfied were you with each step? - {stage}", stage)
            for stage in STAGES
        ),
        comments=(StageColumn("Anything else? (€ or otherwise)", "First bill"),),
    )


def google_forms_rows() -> list[list[str]]:
    header = ["Timestamp", "Which describes you best?"]
    header += [f"How much do you agree: this step was easy [{stage}]" for stage in STAGES]
    header += ["Did your first bill meet your expectations?", "Email address"]
    rows = [header]
    for a in respondents():
        rows.append(
            [
                a.submitted.strftime("%-m/%-d/%Y %H:%M:%S"),
                a.persona,
                *[AGREEMENT[r - 1] for r in a.ratings],
                EXPECTATION[a.expectation],
                "",
            ]
        )
    return rows


def google_forms() -> bytes:
    """Google Forms: Timestamp first, a grid question as `Question [Row]` columns, text Likert."""
    return _csv(google_forms_rows()).encode("utf-8")


def google_forms_utf16() -> bytes:
    """The same, as Excel saves "Unicode text": UTF-16 with a BOM, tab-delimited, CRLF."""
    return _csv(google_forms_rows(), delimiter="\t", newline="\r\n").encode("utf-16")


def google_forms_mapping() -> Mapping:
    return Mapping(
        persona=("Which describes you best?",),
        responded_at="Timestamp",
        ratings=tuple(
            RatingColumn(f"How much do you agree: this step was easy [{stage}]", stage)
            for stage in STAGES
        ),
        expectations=(StageColumn("Did your first bill meet your expectations?", "First bill"),),
    )


def typeform_rows() -> list[list[object]]:
    header = ["#", "Which describes you best?"]
    header += [f"On a scale of 1 to 5, how was: {stage}?" for stage in STAGES]
    header += [
        "How likely are you to recommend us?",
        "Start Date (UTC)",
        "Submit Date (UTC)",
        "Network ID",
    ]
    rows: list[list[object]] = [list(header)]
    for a in respondents():
        token = f"tf{(a.number * 104729) % 1_000_003:07d}"
        rows.append(
            [
                token,
                a.persona,
                *a.ratings,
                a.recommend,
                (a.submitted - timedelta(minutes=4)).strftime("%Y-%m-%d %H:%M:%S"),
                a.submitted.strftime("%Y-%m-%d %H:%M:%S"),
                f"n{a.number % 17:03d}",
            ]
        )
    return rows


def typeform() -> bytes:
    """Typeform: `#` holds the response token; `Submit Date (UTC)`; numeric opinion scales."""
    return _csv([[str(cell) for cell in row] for row in typeform_rows()]).encode("utf-8")


def typeform_xlsx() -> bytes:
    """The Typeform export downloaded as an Excel workbook (fixed timestamps: stable bytes)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has its first sheet
    for row in typeform_rows():
        sheet.append(row)
    workbook.properties.created = workbook.properties.modified = datetime(2026, 11, 1)
    raw = io.BytesIO()
    workbook.save(raw)
    # Zip entries carry the time they were written; rewrite them with one fixed time.
    stable = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(stable, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            item.date_time = (2026, 11, 1, 0, 0, 0)
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(
                    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2026-11-01T00:00:00Z", content
                )
            out.writestr(item, content)
    return stable.getvalue()


def typeform_mapping() -> Mapping:
    return Mapping(
        respondent_id="#",
        persona=("Which describes you best?",),
        responded_at="Submit Date (UTC)",
        outcome=OutcomeColumn("How likely are you to recommend us?"),
        ratings=tuple(
            RatingColumn(f"On a scale of 1 to 5, how was: {stage}?", stage) for stage in STAGES
        ),
    )


def long_format() -> bytes:
    """Our long format as Excel writes it in Europe: semicolons, a decimal comma, a bad stage."""
    rows = [["respondent_id", "persona", "stage", "emotion", "expectation", "responded_at"]]
    for a in respondents()[:40]:
        for stage, rating in zip(STAGES, a.ratings, strict=True):
            rows.append(
                [
                    f"L{a.number:03d}",
                    a.persona,
                    stage,
                    str(rating),
                    "",
                    a.submitted.date().isoformat(),
                ]
            )
    rows[5][3] = "3,5"  # a decimal comma
    rows[9][2] = "Unboxing"  # a stage the journey does not have
    return _csv(rows, delimiter=";", newline="\r\n").encode("utf-8")


SAMPLES: dict[str, tuple[Callable[[], bytes], Callable[[], Mapping] | None]] = {
    "qualtrics-first-purchase-2026-Q4.csv": (qualtrics, qualtrics_mapping),
    "surveymonkey-first-purchase-2026-Q4.csv": (surveymonkey, surveymonkey_mapping),
    "google-forms-first-purchase-2026-Q4.csv": (google_forms, google_forms_mapping),
    "google-forms-first-purchase-2026-Q4-unicode.txt": (google_forms_utf16, google_forms_mapping),
    "typeform-first-purchase-2026-Q4.csv": (typeform, typeform_mapping),
    "typeform-first-purchase-2026-Q4.xlsx": (typeform_xlsx, typeform_mapping),
    "long-first-purchase-2026-Q4.csv": (long_format, None),
}


def mapping_name(sample: str) -> str:
    """The mapping file that goes with a sample: one per tool."""
    return sample.split("-first-purchase")[0] + ".mapping.yaml"


def write_samples(directory: Path) -> list[Path]:
    """Write every sample export and its mapping; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (build, mapping) in SAMPLES.items():
        (directory / name).write_bytes(build())
        written.append(directory / name)
        if mapping is not None:
            path = directory / mapping_name(name)
            path.write_text(mapping().to_yaml(), encoding="utf-8")
            written.append(path)
    return sorted(set(written))


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "data/samples")):
        print(path)
