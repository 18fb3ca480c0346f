"""Synthetic Chinese news for benchmarks: pages recombined from seed and CMRC 2018 sentences, and a random embedder."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CMRC = ROOT / "benchmarks" / "data" / "cmrc2018_dev.json"  # in the repository: see benchmarks/data/README.md


def sentences() -> list[str]:
    """Every sentence of the seed page and of the CMRC 2018 dev contexts."""
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")]
    data = json.loads(CMRC.read_text(encoding="utf-8"))["data"]  # required: silently fewer sentences would skew the figures
    texts += [para["context"] for item in data for para in item["paragraphs"]]
    out = []
    for text in texts:
        out += [s for s in re.findall(r"[^。！？\n]+[。！？]", text) if 8 <= len(s) <= 120]
    return out


def write_pages(folder: Path, pages: int, articles_per_page: int = 5, paragraphs: int = 4, seed: int = 0) -> int:
    """Write `pages` pages in the seed's format; returns the number of paragraphs written."""
    rng = random.Random(seed)
    pool = sentences()
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for page in range(pages):
        lines = []
        for article in range(articles_per_page):
            lines.append(f"第{page}版第{article}篇 {rng.choice(pool)[:18].rstrip('。！？，')}")
            body = ["".join(rng.sample(pool, 3)) for _ in range(paragraphs)]
            body[0] = f"本报讯（记者 甲{article}）{body[0]}"
            lines += body
            written += paragraphs
        (folder / f"page_{page:06d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    return written


class RandomEmbedder:
    """Random unit vectors, deterministic per text: stands in for a model where only FAISS and the pipeline are timed."""

    def __init__(self, name: str = "use-multilingual-v3", dim: int = 512) -> None:
        self.name, self.dim = name, dim

    def encode(self, texts):
        rows = np.stack([np.random.default_rng(abs(hash(t)) % (2**32)).standard_normal(self.dim) for t in texts]) \
            if texts else np.zeros((0, self.dim))
        rows = rows.astype(np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    encode_query = encode_document = encode
