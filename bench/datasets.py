"""Synthetic survey data sets for the benchmarks: big, deterministic, and fast to write."""

from pathlib import Path

import numpy as np
import pandas as pd

STAGES = [f"Stage {i:02d}" for i in range(1, 11)]
PERSONAS = ["Busy professional", "Budget-conscious family", "Tech enthusiast", "Senior first-timer"]
JOURNEY = "Benchmark journey"
EXPECTATIONS = np.array(["below", "meets", "exceeds"])
COMMENTS = np.array(["Took too long.", "Friendly and quick.", "Nobody answered my email."])
# Respondent attributes, so the benchmark can filter on one as a user would.
REGIONS = np.array(["North", "East", "South", "West"])
PLANS = np.array(["Basic", "Plus", "Premium"])


def definitions_yaml() -> str:
    """A 10-stage journey (two touchpoints per stage) and the four demo personas."""
    lines = ["personas:"] + [f"  - {{name: {p}}}" for p in PERSONAS]
    lines += ["journeys:", f"  - name: {JOURNEY}", "    stages:"]
    for stage in STAGES:
        lines.append(
            f"      - {{name: {stage}, touchpoints: "
            "[{name: Web, channel: web}, {name: Phone, channel: call centre}]}"
        )
    return "\n".join(lines) + "\n"


def write_long_csv(
    path: Path, respondents: int, *, first_id: int = 0, month: int = 1, seed: int = 7
) -> int:
    """Write respondents × 10 stages as a long CSV; returns the row count.

    Comments on 5%; each respondent answers on one day of the month and has a region and a
    plan (respondent attributes).
    """
    rng = np.random.default_rng(seed + first_id)
    per_chunk = 50_000
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written under another name: an interrupted run never leaves a short file behind.
    writing = path.with_name(f"{path.name}.partial")
    with writing.open("w", encoding="utf-8", newline="") as out:
        for start in range(0, respondents, per_chunk):
            count = min(per_chunk, respondents - start)
            ids = np.repeat(np.arange(first_id + start, first_id + start + count), len(STAGES))
            rows = len(ids)
            persona = np.repeat(rng.integers(0, len(PERSONAS), count), len(STAGES))
            day = np.char.zfill(np.repeat(rng.integers(1, 29, count), len(STAGES)).astype(str), 2)
            region = np.repeat(REGIONS[rng.integers(0, len(REGIONS), count)], len(STAGES))
            plan = np.repeat(PLANS[rng.integers(0, len(PLANS), count)], len(STAGES))
            stage_index = np.tile(np.arange(len(STAGES)), count)
            base = 3 + np.sin(stage_index) + 0.3 * (persona - 1.5)
            emotion = np.clip(np.rint(base + rng.normal(0, 1, rows)), 1, 5).astype(int)
            comment = np.where(rng.random(rows) < 0.05, COMMENTS[rng.integers(0, 3, rows)], "")
            frame = pd.DataFrame(
                {
                    "respondent_id": np.char.add("R", ids.astype(str)),
                    "persona": np.array(PERSONAS)[persona],
                    "stage": np.array(STAGES)[stage_index],
                    "touchpoint": np.where(rng.random(rows) < 0.5, "Web", "Phone"),
                    "emotion": emotion,
                    "expectation": np.where(
                        rng.random(rows) < 0.1, "", EXPECTATIONS[np.clip(emotion - 2, 0, 2)]
                    ),
                    "comment": comment,
                    "responded_at": np.char.add(f"2026-{month:02d}-", day),
                    "region": region,
                    "plan": plan,
                }
            )
            frame.to_csv(out, header=start == 0, index=False)
    writing.rename(path)
    return respondents * len(STAGES)


def write_waves(directory: Path, respondents: int, waves: int = 12) -> list[Path]:
    """The same number of respondents spread over monthly waves, one file per wave."""
    per_wave = respondents // waves
    paths = []
    for wave in range(waves):
        path = directory / f"wave-{wave + 1:02d}.csv"
        if not path.exists():
            write_long_csv(path, per_wave, first_id=wave * per_wave, month=wave + 1)
        paths.append(path)
    return paths
