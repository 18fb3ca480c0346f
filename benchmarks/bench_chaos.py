"""Chaos: rebuilds of a ~3,000-passage archive killed with SIGKILL at random moments, a full disk and a read-only
file system; after each, the index must load and answer (old or new), and the next build must succeed.

Prints how many runs ended with the old index, the new one, how many needed recovery (leftovers cleaned, a lock
taken over), and how many were lost (no index loads) or unreadable (it loads but cannot answer). Target: 0 lost,
0 unreadable. The full-disk and read-only runs use a real tmpfs when this process may mount one (root), else
they inject ENOSPC / EROFS through the build's test seam (QA_TEST_FAULT); the output says which.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import write_pages  # benchmarks/ is on sys.path: it holds this script

from qa import NewsQA
from qa.errors import QAError

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "大兴区职工知识竞赛谁获得了一等奖？"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build_cmd(news: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "qa", "build", str(news), "--out", str(out), "--quiet"]


def flip(news: Path, n: int) -> str:
    """Change one page (a marker number only this run has); the marker is in the new index, not the old."""
    marker = f"第{n}号通知"
    (news / "flip.txt").write_text(f"职工之家建设通知\n\n本报讯（记者 李四）区总工会发布{marker}，"
                                   f"要求各基层工会在月底前完成{n % 97 + 3}个职工之家的验收。\n", encoding="utf-8")
    return marker


def classify(out: Path, marker: str, previous: str, embedder, handler: Lines) -> tuple[str, bool]:
    """(old | new | lost | unreadable | other, whether the load recovered something)."""
    handler.lines.clear()
    try:
        qa = NewsQA.load(out, embedder=embedder)
    except QAError as exc:
        print(f"  lost: {exc}", flush=True)
        return "lost", bool(handler.lines)
    try:
        res = qa.ask(QUESTION)
        assert res.passages, "no passages"
        texts = " ".join(p.text for p in qa.passages if p.source.endswith("flip.txt"))
    except Exception as exc:  # noqa: BLE001 - anything that stops an answer counts
        print(f"  unreadable: {type(exc).__name__}: {exc}", flush=True)
        return "unreadable", bool(handler.lines)
    state = "new" if marker in texts else "old" if previous in texts else "other"
    return state, bool(handler.lines)


def can_mount(point: Path) -> bool:
    if os.geteuid() != 0:
        return False
    point.mkdir(parents=True, exist_ok=True)
    ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(point)], capture_output=True).returncode == 0
    if ok:
        subprocess.run(["umount", str(point)], check=True)
    return ok


def fill(folder: Path, free: int) -> None:
    """Leave `free` bytes free on folder's file system (a filler file takes the rest)."""
    stat = os.statvfs(folder)
    take = stat.f_bavail * stat.f_frsize - free
    with open(folder / "filler", "wb") as handle:
        while take > 0:
            chunk = min(take, 1 << 20)
            try:
                handle.write(b"\0" * chunk)
                handle.flush()
            except OSError:
                break
            take -= chunk


def full_disk_runs(work: Path, news: Path, good: Path, embedder, real: bool, levels: list[int]) -> None:
    print(f"\nfull disk ({'real tmpfs, filled' if real else 'simulated: ENOSPC injected at write:vectors.npy'}):")
    point = work / "small"
    version = good / (good / "CURRENT").read_text(encoding="ascii").strip()
    # room for what it holds and for one more version (a build writes a whole version before the old one goes)
    size = sum(p.stat().st_size for p in good.rglob("*") if p.is_file()) + \
        sum(p.stat().st_size for p in version.rglob("*") if p.is_file()) + (4 << 20)
    ok = 0
    for free in levels:
        if real:
            point.mkdir(exist_ok=True)
            subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], check=True)
        else:
            shutil.rmtree(point, ignore_errors=True)
            point.mkdir()
        try:
            shutil.copytree(good, point / "idx")
            before = NewsQA.load(point / "idx", embedder=embedder).manifest
            if real:
                fill(point, free)
            env = dict(os.environ) if real else dict(os.environ, QA_TEST_FAULT="write:vectors.npy=enospc")
            res = subprocess.run(build_cmd(news, point / "idx"), cwd=ROOT, capture_output=True, text=True, env=env)
            lines = res.stderr.strip().splitlines()
            one_line = res.returncode != 0 and len(lines) == 1 and "no space left" in lines[0] and "Traceback" not in res.stderr
            intact = NewsQA.load(point / "idx", embedder=embedder).manifest == before
            (point / "filler").unlink(missing_ok=True)
            again = subprocess.run(build_cmd(news, point / "idx"), cwd=ROOT, capture_output=True, text=True)
            ok += one_line and intact and again.returncode == 0
            print(f"  {free // 1024:4d} KB free: exit {res.returncode}, one line: {one_line}, previous index intact: "
                  f"{intact}, next build after freeing space: exit {again.returncode}  | {lines[-1][:110] if lines else ''}",
                  flush=True)
        finally:
            if real:
                subprocess.run(["umount", "-l", str(point)], check=False)
    print(f"  {ok} of {len(levels)} fill levels: one line saying the disk is full, the previous index intact, "
          f"the next build fine")


def read_only_run(work: Path, news: Path, good: Path, embedder, real: bool) -> None:
    print(f"\nread-only ({'real tmpfs remounted read-only' if real else 'simulated: EROFS injected at staging'}):")
    point = work / "ro"
    point.mkdir(exist_ok=True)
    size = sum(p.stat().st_size for p in good.rglob("*") if p.is_file()) + (64 << 20)
    if real:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], check=True)
    try:
        shutil.copytree(good, point / "idx")
        if real:
            subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
        env = dict(os.environ) if real else dict(os.environ, QA_TEST_FAULT="staging=erofs")
        res = subprocess.run(build_cmd(news, point / "idx"), cwd=ROOT, capture_output=True, text=True, env=env)
        lines = res.stderr.strip().splitlines()
        answers = bool(NewsQA.load(point / "idx", embedder=embedder).ask(QUESTION).passages)
        print(f"  build: exit {res.returncode}, {len(lines)} line(s): {lines[-1] if lines else ''}")
        print(f"  the index still loads and answers: {answers}")
    finally:
        if real:
            subprocess.run(["umount", "-l", str(point)], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--builds", type=int, default=200, help="killed builds (each then loaded, asked, rebuilt)")
    parser.add_argument("--pages", type=int, default=150, help="synthetic pages (150 make about 3,000 passages)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-disk", action="store_true", help="skip the full-disk and read-only runs")
    parser.add_argument("--simulate", action="store_true", help="inject ENOSPC/EROFS even when a tmpfs could be mounted")
    args = parser.parse_args()
    if args.builds > 1000 or args.pages > 2000:
        raise SystemExit("bounded: at most 1000 builds of 2000 pages")
    rng = random.Random(args.seed)
    handler = Lines()
    logging.getLogger("qa.index").addHandler(handler)
    logging.getLogger("qa.index").propagate = False
    with tempfile.TemporaryDirectory(prefix="chaos-") as tmp:
        work = Path(tmp)
        news = work / "news"
        news.mkdir()
        write_pages(news, args.pages, seed=args.seed)
        shutil.copy(ROOT / "seeds" / "000_31f1b2df397274cc.txt", news / "seed.txt")
        previous = flip(news, 0)
        out = work / "idx"
        started = time.perf_counter()
        qa = NewsQA.build([news], out=out)
        embedder = qa.embedder
        print(f"archive: {len(qa.passages)} passages in {args.pages + 2} files (first build {time.perf_counter() - started:.0f} s)")
        durations = []
        for n in (1, 2):  # how long an unkilled rebuild takes: kill moments are drawn over all of it
            flip(news, -n)
            t = time.perf_counter()
            subprocess.run(build_cmd(news, out), cwd=ROOT, check=True, capture_output=True)
            durations.append(time.perf_counter() - t)
        previous = flip(news, -2)
        span = max(durations) * 1.1
        print(f"an unkilled rebuild (new process, one page changed) takes {min(durations):.1f}-{max(durations):.1f} s; "
              f"kills drawn uniformly in 0-{span:.1f} s")
        counts = {"old": 0, "new": 0, "recovered": 0, "lost": 0, "unreadable": 0, "other": 0, "rebuild failed": 0,
                  "finished before the kill": 0}
        for n in range(1, args.builds + 1):
            marker = flip(news, n)
            proc = subprocess.Popen(build_cmd(news, out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(timeout=rng.uniform(0, span))
                counts["finished before the kill"] += 1
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            state, recovered = classify(out, marker, previous, embedder, handler)
            counts[state] += 1
            counts["recovered"] += recovered
            try:
                NewsQA.build([news], out=out, embedder=embedder)
                ok = marker in " ".join(p.text for p in NewsQA.load(out, embedder=embedder).passages
                                        if p.source.endswith("flip.txt"))
            except QAError as exc:
                print(f"  rebuild failed: {exc}")
                ok = False
            counts["rebuild failed"] += not ok
            previous = marker
            if n % 20 == 0 or n == args.builds:
                print(f"after {n} killed builds: " + ", ".join(f"{k} {v}" for k, v in counts.items()), flush=True)
        print(f"\nRESULT {args.builds} builds killed at random moments: ended old {counts['old']}, new {counts['new']} "
              f"(recovered on load {counts['recovered']}), lost {counts['lost']}, unreadable {counts['unreadable']}, "
              f"next build failed {counts['rebuild failed']}")
        if not args.no_disk:
            real = not args.simulate and can_mount(work / "probe")
            # The case: a small file system holding a good seed index, a new page added, 0-320 KB free.
            small = work / "seed-news"
            small.mkdir()
            shutil.copy(ROOT / "seeds" / "000_31f1b2df397274cc.txt", small / "seed.txt")
            NewsQA.build([small], out=work / "seed-idx", embedder=embedder)
            (small / "extra.txt").write_text("新增页面\n\n本报讯（记者 王五）区总工会举办职工篮球赛，共有十二支队伍参加。\n",
                                             encoding="utf-8")
            full_disk_runs(work, small, work / "seed-idx", embedder, real, [k * 32 * 1024 for k in range(11)])
            read_only_run(work, small, work / "seed-idx", embedder, real)


if __name__ == "__main__":
    main()
