"""Train the short-answer scorer (qa/span_rank.py) on DRCD dev and write qa/span_weights.json; prints the figures."""

from __future__ import annotations

import argparse
import json
import pickle
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.optimize import minimize

from qa import span_rank
from qa.chunking import split_sentences
from qa.evaluate import exact_match, f1_score
from qa.query import answer_type
from qa.span import EXTRA_SENTENCES
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
                golds = [a["text"] for a in qa.get("answers", []) if a.get("text")]
                if not golds:
                    continue
                q = span_rank.make_question(qa["question"])
                chosen = max(sentences, key=lambda s: sum(span_rank.shared_chars(q, norm, *s)))
                out.append(record(q, text, norm, sentences, chosen, answer_type(q.text), golds, extra))
    return out


def record(q: span_rank.Question, text: str, norm: str, sentences: list[tuple[int, int]], chosen: tuple[int, int],
           kind: str | None, golds: list[str], extra: int) -> dict:
    """The candidate spans of one question, their features (sparse) and their F1 and EM against the gold answers."""
    golds = [normalize(g) for g in golds]
    picked, info = span_rank.nearby_sentences(q, norm, sentences, chosen, extra)
    spans, X = span_rank.passage_rows(q, text, norm, picked, info, kind)
    y = np.array([max(f1_score(norm[a:b], g) for g in golds) for a, b in spans], dtype=np.float64)
    em = np.array([max(exact_match(norm[a:b], g) for g in golds) for a, b in spans], dtype=np.float64)
    return {"X": X.sparse() if X is not None else sparse.csr_matrix((0, len(span_rank.NAMES.names))), "y": y, "em": em, "spans": np.array(spans).reshape(-1, 2)}


def pipeline_examples(path: Path, extra: int) -> list[dict]:
    """Like `examples`, but each question read as the system reads it: the SQuAD file is indexed and asked
    (`qa.evaluate.evaluate_file`), and the passage, sentence and question the short-answer step was given are kept
    (a question answered from another passage has no right span: all its candidates score 0)."""
    import qa.api as api
    from qa.evaluate import evaluate_file, squad_articles

    calls: list[dict] = []
    answer_one, locate, short = api.NewsQA._answer_one, api.locate, api.short_answer

    def one(self, query, vector, k, allowed=None):
        calls.append({})
        return answer_one(self, query, vector, k, allowed)

    def logged(function):
        def call(question, text, sentence, answer_type=None, focus=(), **kw):
            calls[-1].update(question=question, text=text, sentence=tuple(sentence), kind=answer_type,
                             focus=tuple(focus))
            return function(question, text, sentence, answer_type, focus=focus, **kw)
        return call

    api.NewsQA._answer_one, api.locate, api.short_answer = one, logged(locate), logged(short)
    try:
        report = evaluate_file(path)
    finally:
        api.NewsQA._answer_one, api.locate, api.short_answer = answer_one, locate, short
    _, cases = squad_articles(path)
    assert len(calls) == len(cases) == len(report.rows)
    out = []
    for call, case in zip(calls, cases):
        if not call or call["focus"] or not case.gold_answers:
            continue
        text = call["text"]
        norm = normalize(text)
        if len(norm) != len(text):
            norm = text.lower()
        q = span_rank.make_question(call["question"])
        sentences = split_sentences(text) or [(0, len(text))]
        out.append(record(q, text, norm, sentences, call["sentence"], call["kind"], case.gold_answers, extra))
    return out


def length_weights(rows: list[dict]) -> np.ndarray:
    """One weight a question making every answer-length bin (by its best span's length: 1-2, 3-4, 5-6, 7-9, 10-14,
    15+ characters) count the same in total: the length prior then comes from the features, not from how long the
    training set's annotators made their answers (DRCD's are shorter than CMRC's: median 4 characters against 7)."""
    edges = np.array([3, 5, 7, 10, 15])
    lengths = np.array([np.diff(r["spans"][int(np.argmax(r["y"]))])[0] for r in rows])
    bins = np.searchsorted(edges, lengths, side="right")
    counts = np.bincount(bins, minlength=len(edges) + 1).astype(np.float64)
    w = 1.0 / counts[bins]
    return w * len(rows) / w.sum()


def train(rows: list[dict], l2: float, iterations: int, rate: float = 0.0, balance: bool = False) -> np.ndarray:
    """Conditional logistic regression (a softmax over each question's spans) towards its best-F1 spans, by L-BFGS
    (`rate` is unused: kept for the command line of the Adam version)."""
    rows = [r for r in rows if len(r["y"]) and r["y"].max() > 0]
    X = sparse.vstack([r["X"] for r in rows]).tocsr().astype(np.float64)
    XT = X.T.tocsr()
    sizes = np.array([len(r["y"]) for r in rows])
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    seg = np.repeat(np.arange(len(rows)), sizes)
    y = np.concatenate([r["y"] for r in rows])
    target = (y >= np.maximum.reduceat(y, starts)[seg] - 1e-9).astype(np.float64)
    target /= np.add.reduceat(target, starts)[seg]
    if balance:
        target *= length_weights(rows)[seg]
    n = len(rows)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = X @ w
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[seg])
        z = np.add.reduceat(e, starts)
        p = e / z[seg]
        value = -(target @ (s - top[seg] - np.log(z)[seg])) / n + 0.5 * l2 * (w @ w)
        mass = np.add.reduceat(target, starts)[seg]  # each question's weight (1 unless balanced)
        return value, XT @ (p * mass - target) / n + l2 * w

    result = minimize(loss, np.zeros(X.shape[1]), jac=True, method="L-BFGS-B",
                      options={"maxiter": iterations, "maxcor": 20})
    return result.x


def measure(rows: list[dict], w: np.ndarray, total: int) -> tuple[float, float]:
    """(F1, EM) of the expected-F1 pick over `total` questions (a question without candidates scores 0)."""
    f1 = em = 0.0
    for r in rows:
        if len(r["y"]):
            k = span_rank.expected_f1_pick(r["spans"], np.asarray(r["X"] @ w))
            f1, em = f1 + r["y"][k], em + r["em"][k]
    return f1 / total, em / total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="?", type=Path, default=ROOT / "benchmarks/data/drcd_dev.json")
    parser.add_argument("--out", type=Path, default=span_rank.WEIGHTS_FILE)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--rate", type=float, default=0.05)
    parser.add_argument("--folds", type=int, default=2, help="held-out figure by k-fold (0: skip)")
    parser.add_argument("--sentence", choices=("pipeline", "shared"), default="pipeline",
                        help="the chosen sentence: the system's (index and ask the file, ~2 min) or the one sharing "
                             "most with the question")
    parser.add_argument("--cache", type=Path, help="keep the featurized questions in this pickle (a scratch file, "
                                                   "for trying learner settings; delete it when the features change)")
    parser.add_argument("--extra", type=int, default=EXTRA_SENTENCES,
                        help="sentences read besides the chosen one (at answer time qa.span.EXTRA_SENTENCES)")
    args = parser.parse_args()
    began = time.perf_counter()
    if args.cache and args.cache.exists():
        rows = pickle.loads(args.cache.read_bytes())
    else:
        rows = (pipeline_examples if args.sentence == "pipeline" else examples)(args.data, extra=args.extra)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(rows, protocol=4))
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
    data = {"version": VERSION, "trained_on": args.data.name, "sentence": args.sentence, "extra": args.extra,
            "l2": args.l2,
            "iterations": args.iterations,
            "weights": {n: round(float(x), 5) for n, x in zip(names, w) if abs(x) >= 1e-5}}
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(data['weights'])} weights, {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
