"""USE (the default) against multilingual-e5-small (`--model e5`): answer quality on every question set, in the
hybrid and dense-only modes, and the embedder's speed (passages/s indexing, ms per query, 10,000 passages
extrapolated).

    python benchmarks/bench_models.py            # the repository's small sets (minutes)
    python benchmarks/bench_models.py --full     # and CMRC 2018 dev + DRCD dev (about an hour with e5 on 2 cores)
    python benchmarks/bench_models.py --extra PATH/seed_questions.jsonl   # more JSONL sets, asked of the seeds/ index

Each index is built once per model and asked in every mode: the figures are those of
`qa eval FILE --index IDX --mode MODE` (JSONL) and `qa eval FILE.json --model MODEL --mode MODE` (SQuAD JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa import NewsQA  # noqa: E402
from qa.chunking import chunk_articles  # noqa: E402
from qa.embedders import canonical_name, load_embedder  # noqa: E402
from qa.evaluate import evaluate, load_jsonl_cases, squad_articles  # noqa: E402
from qa.readers import read_sources  # noqa: E402
from measure import squad_source  # noqa: E402

DATA = ROOT / "tests" / "data"
SQUAD = [ROOT / "benchmarks" / "data" / "cmrc2018_dev.json", ROOT / "benchmarks" / "data" / "drcd_dev.json"]
COLUMNS = ["hit@1", "hit@3", "right", "abstained_answerable", "abstained_unanswerable", "answer_sentence",
           "short_answer_f1"]


def speed(embedder, passages: list[str], questions: list[str]) -> dict:
    """Passages/s of encode_document over `passages` (batched as a build does) and encode_query ms, one at a time."""
    embedder.encode_document(passages[:8])  # warm: weights paged in, thread pool started
    started = time.perf_counter()
    embedder.encode_document(passages)
    seconds = time.perf_counter() - started
    timings = []
    for question in questions:
        started = time.perf_counter()
        embedder.encode_query([question])
        timings.append((time.perf_counter() - started) * 1000)
    row = {"passages": len(passages), "chars_per_passage": round(sum(map(len, passages)) / len(passages)),
           "passages_per_s": round(len(passages) / seconds, 1),
           "minutes_for_10k": round(10_000 / (len(passages) / seconds) / 60, 1),
           "query_ms_p50": round(statistics.median(timings), 2),
           "query_ms_p90": round(sorted(timings)[int(0.9 * (len(timings) - 1))], 2)}
    counter = getattr(getattr(embedder, "_model", None), "token_count", None)
    if counter is not None:  # e5: its tokens, the unit its speed is usually quoted in
        row["tokens_per_s"] = round(sum(counter(p, False) for p in passages) / seconds)
    return row


def short(metrics: dict) -> dict:
    """The columns of the table, plus right by kind when the set has kinds."""
    row = {key: metrics.get(key) for key in COLUMNS}
    if metrics.get("right_by_kind"):
        row["right_by_kind"] = metrics["right_by_kind"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="use,e5", help="comma-separated --model names")
    parser.add_argument("--modes", default="hybrid,dense", help="comma-separated retrieval modes")
    parser.add_argument("--full", action="store_true", help="also CMRC 2018 dev and DRCD dev (long with e5)")
    parser.add_argument("--squad", default=",".join(p.name for p in SQUAD),
                        help="which SQuAD sets --full runs (comma-separated file names in benchmarks/data)")
    parser.add_argument("--squad-limit", type=int, default=None, help="only the first N passages of each SQuAD set")
    parser.add_argument("--small", default="seed,dev,everyday",
                        help="which of the repository's sets (seed,dev,everyday; empty for none)")
    parser.add_argument("--extra", action="append", default=[], type=Path,
                        help="another JSONL question set, asked of the seeds/ index (repeatable)")
    parser.add_argument("--speed-passages", type=int, default=500, help="CMRC passages embedded for passages/s")
    parser.add_argument("--speed-queries", type=int, default=60, help="questions embedded one at a time for ms")
    parser.add_argument("--json-out", type=Path, default=None, help="also write every row here as JSON lines")
    args = parser.parse_args()

    small = {"seed": ("seed_questions.jsonl", "seeds"), "dev": ("dev_questions.jsonl", "seeds"),
             "everyday": ("everyday_questions.jsonl", "seeds+news")}
    groups: dict[str, list[tuple[str, list]]] = {}  # index sources -> [(set name, cases)]
    for key in [k for k in args.small.split(",") if k]:
        name, sources = small[key]
        groups.setdefault(sources, []).append((name, load_jsonl_cases(DATA / name)))
    for path in args.extra:
        groups.setdefault("seeds", []).append((str(path), load_jsonl_cases(path)))
    source_paths = {"seeds": [ROOT / "seeds"], "seeds+news": [ROOT / "seeds", DATA / "news"]}
    out = open(args.json_out, "a", encoding="utf-8") if args.json_out else None
    rows, speeds = [], {}
    print(f"# load average at start: {os.getloadavg()[0]:.1f} ({len(os.sched_getaffinity(0))} usable cores)", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench-models-") as tmp:
        tmp = Path(tmp)
        squad = []
        for path in [p for p in SQUAD if p.name in args.squad.split(",")] if args.full else []:
            source, cases, _ = squad_source(path, tmp, args.squad_limit)
            source_paths[path.name] = [source]
            groups[path.name] = [(path.name, cases)]
            squad.append(path)
        cmrc_records = tmp / "speed.jsonl"
        records, _ = squad_articles(SQUAD[0])
        with open(cmrc_records, "w", encoding="utf-8") as handle:
            for record in records[:max(1, args.speed_passages)]:  # a passage or more per record: enough
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        passages = [p.context_text for p in chunk_articles(read_sources([cmrc_records]).articles)]
        passages = passages[:args.speed_passages]
        questions = [c.question for c in load_jsonl_cases(DATA / "seed_questions.jsonl")]
        questions = (questions * (args.speed_queries // max(len(questions), 1) + 1))[:args.speed_queries]

        for model in [m for m in args.models.split(",") if m]:
            embedder = load_embedder(model)
            speeds[model] = speed(embedder, passages, questions)
            print(json.dumps({"model": model, "speed": speeds[model]}, ensure_ascii=False), flush=True)
            for group, sets in groups.items():
                started = time.perf_counter()
                qa = NewsQA.build(source_paths[group], out=tmp / f"{canonical_name(model)}-{group}",
                                  embedder=embedder)
                built = time.perf_counter() - started
                for mode in [m for m in args.modes.split(",") if m]:
                    qa.settings.mode = mode
                    for name, cases in sets:
                        started = time.perf_counter()
                        report = evaluate(qa, cases, f"{name} ({mode})")
                        row = {"model": model, "set": name, "mode": mode,
                               "questions": report.metrics["questions"], "index": group,
                               "passages": len(qa.passages),
                               "build_s": round(built, 1), "ask_ms_mean": round(
                                   (time.perf_counter() - started) * 1000 / max(len(cases), 1), 1),
                               **short(report.metrics)}
                        rows.append(row)
                        print(json.dumps(row, ensure_ascii=False), flush=True)
                        if out:
                            out.write(json.dumps(row, ensure_ascii=False) + "\n")
                            out.flush()
    if out:
        out.close()

    print(f"\n# load average at end: {os.getloadavg()[0]:.1f}")
    print("\n| set | mode | model | " + " | ".join(COLUMNS) + " |")
    print("| --- " * (len(COLUMNS) + 3) + "|")
    for row in sorted(rows, key=lambda r: (r["set"], r["mode"])):
        cells = ["-" if row[k] is None else f"{row[k]:.3f}" for k in COLUMNS]
        print(f"| {row['set']} | {row['mode']} | {row['model']} | " + " | ".join(cells) + " |")
    kinds = [r for r in rows if r.get("right_by_kind")]
    if kinds:
        print("\nright by kind:")
        for row in sorted(kinds, key=lambda r: (r["set"], r["mode"])):
            print(f"  {row['set']} {row['mode']} {row['model']}: "
                  + ", ".join(f"{k} {v:.3f}" for k, v in row["right_by_kind"].items()))
    print("\n| model | passages/s | tokens/s | chars/passage | 10,000 passages | query ms p50 | p90 |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for model, s in speeds.items():
        print(f"| {model} | {s['passages_per_s']} | {s.get('tokens_per_s', '-')} | {s['chars_per_passage']} | "
              f"{s['minutes_for_10k']} min | {s['query_ms_p50']} | {s['query_ms_p90']} |")


if __name__ == "__main__":
    main()
