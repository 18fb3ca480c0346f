"""Train the short-answer scorer (qa/span_rank.py) on DRCD dev and write qa/span_weights.json; prints the figures."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from qa import span_rank
from qa.chunking import split_sentences
from qa.evaluate import exact_match, f1_score
from qa.query import answer_type
from qa.tokenization import normalize

ROOT = Path(__file__).resolve().parents[1]
VERSION = 1


def examples(path: Path, extra: int) -> list[dict]:
    """One record a question: the candidate spans of its passage's sentences (the one sharing most with the
    question stands for the system's chosen sentence), their features and their F1 against the gold answers."""
    data = json.loads(path.read_text(encoding="utf-8-sig"))["data"]
    out = []
    for item in data:
        for paragraph in item["paragraphs"]:
            text = paragraph["context"]
            norm = normalize(text)
            if len(norm) != len(text):
                norm = text.lower()
            sentences = split_sentences(text) or [(0, len(text))]
            for qa in paragraph["qas"]:
                golds = [normalize(a["text"]) for a in qa.get("answers", []) if a.get("text")]
                if not golds:
                    continue
                q = span_rank.make_question(qa["question"])
                chosen = max(sentences, key=lambda s: sum(span_rank.shared_chars(q, norm, *s)))
                picked, info = span_rank.nearby_sentences(q, norm, sentences, chosen, extra)
                spans, X = span_rank.passage_rows(q, text, norm, picked, info, answer_type(q.text))
                y = np.array([max(f1_score(norm[a:b], g) for g in golds) for a, b in spans], dtype=np.float64)
                em = np.array([max(exact_match(norm[a:b], g) for g in golds) for a, b in spans], dtype=np.float64)
                out.append({"X": X.astype(np.float64), "y": y, "em": em, "spans": np.array(spans).reshape(-1, 2)})
    return out


def train(rows: list[dict], l2: float, iterations: int, rate: float) -> np.ndarray:
    """Conditional logistic regression (a softmax over each question's spans) towards its best-F1 spans, by Adam."""
    rows = [r for r in rows if len(r["y"]) and r["y"].max() > 0]
    X = np.concatenate([r["X"] for r in rows])
    sizes = np.array([len(r["y"]) for r in rows])
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    seg = np.repeat(np.arange(len(rows)), sizes)
    y = np.concatenate([r["y"] for r in rows])
    target = (y >= np.maximum.reduceat(y, starts)[seg] - 1e-9).astype(np.float64)
    target /= np.add.reduceat(target, starts)[seg]
    w, m, v = np.zeros(X.shape[1]), np.zeros(X.shape[1]), np.zeros(X.shape[1])
    for step in range(1, iterations + 1):
        s = X @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[seg])
        p = e / np.add.reduceat(e, starts)[seg]
        g = X.T @ (p - target) / len(rows) + l2 * w
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        w -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w


def measure(rows: list[dict], w: np.ndarray, total: int) -> tuple[float, float]:
    """(F1, EM) of the expected-F1 pick over `total` questions (a question without candidates scores 0)."""
    f1 = em = 0.0
    for r in rows:
        if len(r["y"]):
            k = span_rank.expected_f1_pick(r["spans"], r["X"] @ w)
            f1, em = f1 + r["y"][k], em + r["em"][k]
    return f1 / total, em / total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=ROOT / "benchmarks/data/drcd_dev.json")
    parser.add_argument("--out", type=Path, default=span_rank.WEIGHTS_FILE)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--folds", type=int, default=2, help="held-out figure by k-fold (0: skip)")
    args = parser.parse_args()
    began = time.perf_counter()
    rows = examples(args.data, extra=2)
    print(f"{args.data.name}: {len(rows)} questions, {sum(len(r['y']) for r in rows)} candidate spans "
          f"({time.perf_counter() - began:.0f} s)")
    print("best candidate (ceiling): F1 %.4f" % (sum(r["y"].max() for r in rows if len(r["y"])) / len(rows)))
    if args.folds:
        fold = np.random.default_rng(0).integers(0, args.folds, len(rows))
        scores = []
        for k in range(args.folds):
            w = train([r for r, f in zip(rows, fold) if f != k], args.l2, args.iterations, args.rate)
            held = [r for r, f in zip(rows, fold) if f == k]
            scores.append(measure(held, w, len(held)))
        print("held out (%d-fold): F1 %.4f EM %.4f" % (args.folds, *np.mean(scores, axis=0)))
    w = train(rows, args.l2, args.iterations, args.rate)
    print("training set: F1 %.4f EM %.4f" % measure(rows, w, len(rows)))
    names = span_rank.NAMES.names
    data = {"version": VERSION, "trained_on": args.data.name, "l2": args.l2, "iterations": args.iterations,
            "weights": {n: round(float(x), 5) for n, x in zip(names, w) if abs(x) >= 1e-5}}
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(data['weights'])} weights, {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
