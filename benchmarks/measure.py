"""Shared by the benchmarks: percentiles of timings, JSONL sources."""

from __future__ import annotations

import json
from pathlib import Path


def percentile(values: list[float], q: float) -> float:
    """The q-quantile (0..1) of the values by nearest rank; NaN when there are none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    """Write records one JSON object a line (UTF-8, Chinese kept as is), e.g. SQuAD passages as a news source."""
    Path(path).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return Path(path)
