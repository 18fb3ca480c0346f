"""Scale: FAISS exact vs IVF at 1k/100k/1M passages (synthetic vectors), and `ask` over a real pipeline at scale.

Each size runs in its own process so peak memory (max RSS) is that size's alone.
Part 1 (FAISS only, vectors synthetic: clustered random unit vectors, stated so): build, search p50/p95 per query,
IVF recall@10 and @100 (the candidates `ask` re-scores with exact cosines) against exact search, write + memory-mapped load time, peak memory.
Part 2 (whole pipeline): an index built from synthetic Chinese pages (seed + CMRC sentences), vectors random,
real BM25 over jieba-rs words and bigrams; warm `ask` p50/p95, load time, peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import percentile  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def faiss_part(n: int, dim: int, kind: str, data: str = "clustered") -> dict:
    from qa.dense import DenseIndex

    rng = np.random.default_rng(0)
    # Clustered like real embeddings (topics): n/50 random centres, each vector a centre plus noise.
    centres = rng.standard_normal((max(1, n // 50), dim)).astype(np.float32)
    vectors = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        noise = rng.standard_normal((m, dim)).astype(np.float32)
        block = noise if data == "random" else centres[rng.integers(0, len(centres), m)] + 0.8 * noise
        vectors[start:start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    queries = vectors[rng.choice(n, 200, replace=False)] + 0.05 * rng.standard_normal((200, dim)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    ids = np.arange(n, dtype=np.int64)
    started = time.perf_counter()
    index = DenseIndex.build(vectors, ids, kind=kind)
    build_s = time.perf_counter() - started
    times = []
    found = []
    for q in queries:
        t = time.perf_counter()
        found.append(index.search(q[None, :], 100)[1][0])  # `ask` asks FAISS for 100 candidates
        times.append((time.perf_counter() - t) * 1000)
    out = {"n": n, "kind": kind, "data": data, "build_s": round(build_s, 2), "search_p50_ms": round(statistics.median(times), 3),
           "search_p95_ms": round(percentile(times, 0.95), 3)}
    if kind != "flat":
        exact = (queries @ vectors.T).argsort(axis=1)[:, ::-1][:, :100] if n <= 200_000 else None
        if exact is None:  # exact top-100 in blocks
            best = np.full((len(queries), 100), -1, dtype=np.int64)
            best_s = np.full((len(queries), 100), -np.inf, dtype=np.float32)
            for start in range(0, n, 100_000):
                s = queries @ vectors[start:start + 100_000].T
                cand = np.concatenate([best_s, s], axis=1)
                cand_i = np.concatenate([best, np.arange(start, start + s.shape[1])[None, :].repeat(len(queries), 0)], 1)
                top = np.argsort(-cand, axis=1)[:, :100]
                best_s = np.take_along_axis(cand, top, 1)
                best = np.take_along_axis(cand_i, top, 1)
            exact = best
        for k in (10, 100):
            out[f"recall@{k}"] = round(float(np.mean([len(set(f[:k]) & set(e[:k])) / k for f, e in zip(found, exact)])), 4)
    with tempfile.TemporaryDirectory() as tmp:
        index.save(Path(tmp))
        del index
        started = time.perf_counter()
        DenseIndex.load(Path(tmp), kind, expected=n, dim=dim, mmap=True)
        out["load_s"] = round(time.perf_counter() - started, 3)
    out["peak_mb"] = round(peak_mb())
    return out


QUESTIONS = ["大兴区职工知识竞赛谁获得了一等奖？", "朝阳区总工会主席是谁？", "市自来水集团的集体合同覆盖多少家单位？",
             "《战国无双3》是由哪两个公司合作开发的？", "上海轨道交通17号线的起讫点是哪里？", "who won the Daxing quiz?"]


def pipeline_build(pages: int, folder: Path) -> dict:
    """Build an index of synthetic pages (plus the seed page) with random vectors into `folder`."""
    from synthetic import RandomEmbedder, write_pages

    from qa import NewsQA

    with tempfile.TemporaryDirectory() as tmp:
        write_pages(Path(tmp) / "news", pages)
        started = time.perf_counter()
        qa = NewsQA.build([Path(tmp) / "news", HERE.parent / "seeds"], out=folder, embedder=RandomEmbedder())
        return {"passages": len(qa.passages), "build_s": round(time.perf_counter() - started, 1),
                "build_peak_mb": round(peak_mb()), "dense": qa.manifest["dense"]["kind"]}


def pipeline_serve(folder: Path) -> dict:
    """In a fresh process: load the index, ask warm questions; peak memory is what serving costs."""
    from synthetic import RandomEmbedder

    from qa import NewsQA

    embedder = RandomEmbedder()
    started = time.perf_counter()
    qa = NewsQA.load(folder, embedder=embedder)
    load_s = time.perf_counter() - started
    for q in QUESTIONS:
        qa.ask(q)
    times = []
    for _ in range(10):
        for q in QUESTIONS:
            t = time.perf_counter()
            qa.ask(q)
            times.append((time.perf_counter() - t) * 1000)
    return {"passages": len(qa.passages), "load_s": round(load_s, 2), "ask_p50_ms": round(statistics.median(times), 2),
            "ask_p95_ms": round(percentile(times, 0.95), 2), "serve_peak_mb": round(peak_mb())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--pages", default="50,5000", help="synthetic pages (20 passages each) for part 2")
    parser.add_argument("--dim", type=int, default=512)
    parser.add_argument("--data", choices=["clustered", "random"], default="clustered",
                        help="synthetic vectors: clustered (topics, like real embeddings) or random (worst case for IVF)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, value, *rest = args.child.split(":")
        if kind == "pipeline-build":
            result = pipeline_build(int(value), Path(rest[0]))
        elif kind == "pipeline-serve":
            result = pipeline_serve(Path(rest[0]))
        else:
            result = faiss_part(int(value), args.dim, kind, args.data)
        print(json.dumps(result))
        return
    jobs = []
    for n in (int(s) for s in args.sizes.split(",") if s):
        jobs += [f"flat:{n}", f"ivf:{n}"] if n >= 10_000 else [f"flat:{n}"]
    with tempfile.TemporaryDirectory(prefix="qa-scale-") as scratch:
        for p in (p for p in args.pages.split(",") if p):
            jobs += [f"pipeline-build:{p}:{scratch}/idx{p}", f"pipeline-serve:{p}:{scratch}/idx{p}"]
        for job in jobs:
            done = subprocess.run([sys.executable, __file__, "--child", job, "--dim", str(args.dim), "--data",
                                   args.data], capture_output=True, text=True)
            print(done.stdout.strip() or f"{job}: failed: {done.stderr.strip().splitlines()[-1:]}", flush=True)


if __name__ == "__main__":
    main()
