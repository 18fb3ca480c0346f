"""Warm `ask` latency on the seed index against the query embedding alone (p50/p95 and their ratio)."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from measure import percentile  # benchmarks/ is on sys.path: it holds this script

from qa import NewsQA

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--index", default=str(ROOT / "embeddings"))
    parser.add_argument("--questions", default=str(ROOT / "tests" / "data" / "seed_questions.jsonl"))
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--hogs", type=int, default=0,
                        help="CPU-bound processes to run beside it (stopped at the end; at most 8, 120 s each)")
    args = parser.parse_args()
    if not 0 <= args.hogs <= 8:
        raise SystemExit("bounded: 0 to 8 hogs")
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(args.hogs)]
    try:
        measure(args)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


# A busy core for at most 120 s (bounded even if this benchmark is killed).
HOG = "import time\nend = time.time() + 120\nwhile time.time() < end:\n    sum(i * i for i in range(10000))\n"


def measure(args) -> None:
    qa = NewsQA.load(args.index)
    questions = [json.loads(line)["question"] for line in Path(args.questions).read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    for q in questions:  # warm: jieba, posseg, BLAS
        qa.ask(q)
    embed, ask = [], []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            qa.embedder.encode_query([q])
            embed.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            qa.ask(q)
            ask.append((time.perf_counter() - t) * 1000)
    e50, a50 = statistics.median(embed), statistics.median(ask)
    print(f"passages: {len(qa.passages)}  questions: {len(questions)} x {args.rounds} rounds  "
          f"CPU hogs beside it: {args.hogs}")
    print(f"query embedding alone: p50 {e50:.2f} ms  p95 {percentile(embed, 0.95):.2f} ms")
    print(f"ask (embed + BM25 + FAISS + fusion + answer): p50 {a50:.2f} ms  p95 {percentile(ask, 0.95):.2f} ms")
    print(f"ratio ask/embedding p50: {a50 / e50:.2f}x  (target: p50 <= 10 ms and <= 3x)")


if __name__ == "__main__":
    main()
