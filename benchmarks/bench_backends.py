"""Local files vs Milvus (Milvus Lite here) behind the same NewsQA: every quality figure for both (they must agree
within 0.01), build, incremental add of one page, ask p50/p95, memory and disk; optionally CMRC 2018 dev, a
synthetic scale run (random vectors) and a two-server demo over one `milvus-lite server` (loopback, bounded).

    python benchmarks/bench_backends.py [--cmrc] [--scale 100000] [--serve-demo] [--native-bm25]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import percentile, write_jsonl  # benchmarks/ is on sys.path: it holds this script

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qa import NewsQA  # noqa: E402
from qa.backends.milvus import MilvusBackend  # noqa: E402
from qa.backends.sync import build as milvus_build, migrate  # noqa: E402
from qa.evaluate import evaluate, load_jsonl_cases, squad_articles  # noqa: E402

SETS = ["seed_questions.jsonl", "dev_questions.jsonl", "everyday_questions.jsonl"]
METRICS = ("hit@1", "hit@3", "hit@5", "mrr@10", "abstained_answerable", "abstained_unanswerable", "answer_sentence")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def disk_mb(path: Path) -> float:
    path = Path(path)
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def ask_times(qa: NewsQA, questions: list[str], rounds: int) -> tuple[float, float]:
    qa.ask(questions[0])
    times = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            qa.ask(q)
            times.append((time.perf_counter() - start) * 1000)
    return percentile(times, 0.5), percentile(times, 0.95)


def compare(name: str, reports: dict[str, dict]) -> float:
    """Print one row per backend; the largest difference of any figure."""
    keys = [k for k in METRICS if all(isinstance(r.get(k), (int, float)) for r in reports.values())]
    print(f"\n{name}\n| backend | " + " | ".join(keys) + " |\n| --- |" + " --- |" * len(keys))
    for backend, metrics in reports.items():
        print(f"| {backend} | " + " | ".join(f"{metrics[k]:.3f}" for k in keys) + " |")
    values = list(reports.values())
    diff = max((abs(values[0][k] - v[k]) for v in values[1:] for k in keys), default=0.0)
    print(f"largest difference: {diff:.4f} ({'within' if diff <= 0.01 else 'NOT within'} 0.01)")
    return diff


def quality(local: NewsQA, milvus: NewsQA, sets: list[str], limit: int | None, native: NewsQA | None) -> float:
    worst = 0.0
    for name in sets:
        cases = load_jsonl_cases(ROOT / "tests" / "data" / name)[:limit]
        reports = {"local": evaluate(local, cases, name).metrics, "milvus": evaluate(milvus, cases, name).metrics}
        worst = max(worst, compare(f"{name} (hybrid)", reports))
        if native is not None:
            for mode in ("lexical", "hybrid"):
                for qa in (local, native):
                    qa.settings.mode = mode
                rows = {f"project BM25 (local, {mode})": evaluate(local, cases, name).metrics,
                        f"Milvus BM25 jieba ({mode})": evaluate(native, cases, name).metrics}
                compare(f"{name}: Milvus's own BM25 vs the project's ({mode})", rows)
            local.settings.mode = native.settings.mode = "hybrid"
    return worst


def seed_run(work: Path, args) -> float:
    sources = [ROOT / "seeds", ROOT / "tests" / "data" / "news"]
    local_dir, uri = work / "local", str(work / "milvus.db")
    before = rss_mb()
    _, build_s = timed(lambda: NewsQA.build(sources, out=local_dir))
    _, migrate_s = timed(lambda: migrate(local_dir, uri, "news", native_bm25=args.native_bm25))
    _, sources_s = timed(lambda: milvus_build(sources, uri, "from_sources"))
    print(f"seed index ({', '.join(s.name for s in sources)}): local build {build_s:.1f} s; Milvus Lite: migrate "
          f"{migrate_s:.1f} s, build from sources {sources_s:.1f} s (USE embedding included in both builds)")
    local, opened = timed(lambda: NewsQA.load(local_dir))
    mid = rss_mb()
    milvus, opened_m = timed(lambda: NewsQA.from_backend(MilvusBackend(uri, "news")))
    after = rss_mb()
    print(f"open: local {opened:.2f} s, Milvus {opened_m:.2f} s; process RSS {before:.0f} MB -> {mid:.0f} MB "
          f"(local loaded) -> {after:.0f} MB (Milvus Lite in-process server and client)")
    print(f"disk: local index {disk_mb(local_dir):.1f} MB, Milvus Lite folder {disk_mb(Path(uri)):.1f} MB")
    native = NewsQA.from_backend(MilvusBackend(uri, "news", lexical="milvus")) if args.native_bm25 else None
    worst = quality(local, milvus, SETS if not args.small else SETS[:1], args.limit, native)
    questions = [c.question for c in load_jsonl_cases(ROOT / "tests" / "data" / SETS[0])][:args.limit]
    for name, qa in (("local", local), ("milvus", milvus)):
        p50, p95 = ask_times(qa, questions, args.rounds)
        print(f"ask ({name}, warm, {len(questions)} questions x {args.rounds}): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    page = work / "extra" / "page.txt"
    page.parent.mkdir()
    page.write_text("通州区职工围棋赛落幕\n\n本报讯 通州区职工围棋赛在宋庄镇落幕，张家湾镇总工会代表队夺得冠军。\n", encoding="utf-8")
    _, add_local = timed(lambda: NewsQA.build(sources + [page.parent], out=local_dir))
    report, add_milvus = timed(lambda: milvus_build(sources + [page.parent], uri, "from_sources"))
    print(f"incremental add of one page: local rebuild {add_local:.2f} s, Milvus build {add_milvus:.2f} s "
          f"({report.upserted} passages written, {report.embedded} embedded)")
    return worst


def cmrc_run(work: Path, limit: int | None) -> float:
    records, cases = squad_articles(ROOT / "benchmarks" / "data" / "cmrc2018_dev.json")
    source = write_jsonl(work / "cmrc.jsonl", records)
    local, build_s = timed(lambda: NewsQA.build([source], out=work / "cmrc"))
    _, migrate_s = timed(lambda: migrate(work / "cmrc", str(work / "cmrc.db"), "cmrc"))
    milvus = NewsQA.from_backend(MilvusBackend(str(work / "cmrc.db"), "cmrc"))
    cases = cases[:limit]
    print(f"\nCMRC 2018 dev: local build {build_s:.0f} s, migrate {migrate_s:.0f} s, {len(cases)} questions")
    reports = {}
    for name, qa in (("local", local), ("milvus", milvus)):
        report, seconds = timed(lambda qa=qa: evaluate(qa, cases, "cmrc"))
        reports[name] = report.metrics
        print(f"  {name}: {seconds / max(len(cases), 1) * 1000:.1f} ms a question")
    return compare("cmrc2018_dev.json (hybrid)", reports)


def scale_run(work: Path, passages: int, rounds: int) -> None:
    from synthetic import RandomEmbedder, write_pages

    pages = max(1, passages // 20)
    folder = work / "pages"
    folder.mkdir()
    write_pages(folder, pages)
    embedder = RandomEmbedder()
    _, build_s = timed(lambda: NewsQA.build([folder], out=work / "scale", embedder=embedder))
    local = NewsQA.load(work / "scale", embedder=embedder)
    n = local.backend.count()
    uri = str(work / "scale.db")
    _, migrate_s = timed(lambda: migrate(work / "scale", uri, "scale"))
    before = rss_mb()
    milvus, open_s = timed(lambda: NewsQA.from_backend(MilvusBackend(uri, "scale"), embedder=embedder))
    grew = rss_mb() - before
    print(f"\nsynthetic scale: {n} passages (random vectors): local build {build_s:.1f} s, migrate to Milvus Lite "
          f"{migrate_s:.1f} s, open Milvus {open_s:.2f} s (+{grew:.0f} MB RSS); disk local "
          f"{disk_mb(work / 'scale'):.0f} MB, Milvus Lite {disk_mb(Path(uri)):.0f} MB")
    questions = [c.question for c in load_jsonl_cases(ROOT / "tests" / "data" / SETS[0])][:10]
    for name, qa in (("local", local), ("milvus", milvus)):
        p50, p95 = ask_times(qa, questions, rounds)
        print(f"ask at {n} passages ({name}): p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    extra = work / "extra_page"
    extra.mkdir()
    write_pages(extra, 1, seed=99)
    _, add_local = timed(lambda: NewsQA.build([folder, extra], out=work / "scale", embedder=embedder))
    report, add_milvus = timed(lambda: milvus_build([folder, extra], uri, "scale", embedder=embedder))
    print(f"incremental add of one page at {n} passages: local rebuild {add_local:.1f} s, Milvus build "
          f"{add_milvus:.1f} s ({report.upserted} written; every source re-read and chunked, stored ids compared)")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo(work: Path, seconds: float, clients: int) -> None:
    exe = shutil.which("milvus-lite") or str(Path(sys.executable).parent / "milvus-lite")
    port = _free_port()
    procs = [subprocess.Popen([exe, "server", "--data-dir", str(work / "served"), "--host", "127.0.0.1",
                               "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        uri = f"http://127.0.0.1:{port}"
        for _ in range(60):
            try:
                migrate(work / "local", uri, "news")
                break
            except Exception:  # noqa: BLE001 - the server is still starting
                time.sleep(1)
        ports = [_free_port(), _free_port()]
        for p in ports:
            procs.append(subprocess.Popen([sys.executable, "-m", "qa", "serve", "--backend", "milvus", "--uri", uri,
                                           "--collection", "news", "--port", str(p)], cwd=ROOT,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        for p in ports:
            out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_load.py"), "--url",
                                  f"http://127.0.0.1:{p}/", "--clients", str(clients), "--seconds", str(seconds)],
                                 capture_output=True, text=True, timeout=600)
            print(f"\nqa serve #{ports.index(p) + 1} over one milvus-lite server:\n{out.stdout.strip()}"
                  f"{out.stderr.strip()[-500:]}")
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def release_lite() -> None:
    """Stop the in-process Milvus Lite servers (pymilvus starts one per `.db` folder; it keeps writing there until
    stopped, so the temporary folder cannot be removed under it)."""
    from milvus_lite.server_manager import server_manager_instance

    server_manager_instance.release_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cmrc", action="store_true", help="also CMRC 2018 dev (3,219 questions)")
    parser.add_argument("--cmrc-limit", type=int, default=None)
    parser.add_argument("--scale", type=int, default=0, help="synthetic passages (random vectors) for timing")
    parser.add_argument("--serve-demo", action="store_true", help="two qa serve over one milvus-lite server")
    parser.add_argument("--native-bm25", action="store_true", help="also Milvus's own BM25 (jieba analyzer)")
    parser.add_argument("--small", action="store_true", help="seed questions only (smoke test)")
    parser.add_argument("--limit", type=int, default=None, help="questions per set")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    if args.clients > 50 or args.seconds > 120:
        raise SystemExit("bounded: at most 50 clients and 120 seconds")
    with tempfile.TemporaryDirectory(prefix="bench-backends-") as tmp:
        work = Path(tmp)
        try:
            worst = seed_run(work, args)
            if args.cmrc:
                worst = max(worst, cmrc_run(work, args.cmrc_limit))
            if args.scale:
                scale_run(work, args.scale, 1)
            if args.serve_demo:
                demo(work, args.seconds, args.clients)
        finally:
            release_lite()
    print(f"\nlargest quality difference between the backends: {worst:.4f}")


if __name__ == "__main__":
    main()
