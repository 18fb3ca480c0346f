"""Shared by the benchmarks: percentiles of timings, JSONL sources (news, SQuAD passages)."""

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


def squad_source(path: Path, folder: Path, limit: int | None, name: str | None = None) -> tuple[Path, list, list[dict]]:
    """A JSONL source (folder/name, default the file's stem) of a SQuAD file's first `limit` passages (all without
    one): (its path, the questions written on those passages, the passage records)."""
    from qa.evaluate import squad_articles  # (the scripts put the repository on sys.path first)

    records, cases = squad_articles(path)
    if limit:
        records = records[:limit]
        kept = {r["id"] for r in records}
        cases = [c for c in cases if c.gold_article in kept]
    return write_jsonl(Path(folder) / (name or f"{Path(path).stem}.jsonl"), records), cases, records
