"""Build throughput against the embedder's raw speed, and an incremental rebuild after one new page vs a full one."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import RandomEmbedder, write_pages  # noqa: E402

from qa import NewsQA  # noqa: E402
from qa.chunking import chunk_articles  # noqa: E402
from qa.embedders import load_embedder  # noqa: E402
from qa.readers import read_sources  # noqa: E402


def throughput(tmp: Path, pages: int, embedder) -> tuple[int, float, float]:
    """(passages, seconds embedding them alone, seconds for the whole build) of `pages` synthetic pages."""
    news = tmp / f"news-{pages}"
    write_pages(news, pages)
    passages = chunk_articles(read_sources([news]).articles)
    texts = [p.context_text for p in passages]
    started = time.perf_counter()
    embedder.encode_document(texts)
    raw = time.perf_counter() - started
    started = time.perf_counter()
    NewsQA.build([news], out=tmp / f"idx-{pages}", embedder=embedder)
    return len(passages), raw, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", default="40,250", help="pages for the throughput runs (20 passages each)")
    parser.add_argument("--archive-pages", type=int, default=5000, help="pages in the archive for the incremental run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        tmp = Path(tmp)
        embedder = load_embedder(None)
        embedder.encode_document(["工会新闻预热"] * 64)  # warm
        print(f"throughput: default embedder (USE), {embedder._model.threads} threads; a fresh build in this "
              "process (imports of jieba-rs, pypinyin, bm25s and scipy counted in the first)")
        for pages in [int(p) for p in args.pages.split(",") if p]:
            count, raw, full = throughput(tmp, pages, embedder)
            print(f"  {count:6d} passages: embedder alone {count / raw:6.1f} passages/s ({raw:5.1f} s); whole build "
                  f"{count / full:6.1f} passages/s ({full:5.1f} s): pipeline +{100 * (full - raw) / raw:.0f}%")

        archive = tmp / "archive"
        write_pages(archive, args.archive_pages, seed=1)
        started = time.perf_counter()
        NewsQA.build([archive], out=tmp / "big", embedder=RandomEmbedder())
        base = time.perf_counter() - started
        write_pages(tmp / "new", 1, seed=2)
        shutil.copy(tmp / "new" / "page_000000.txt", archive / "page_new.txt")
        started = time.perf_counter()
        qa = NewsQA.build([archive], out=tmp / "big", embedder=embedder)
        incremental = time.perf_counter() - started
        report = qa.report
        print(f"incremental: archive of {args.archive_pages} pages, {report.passages} passages "
              f"(base vectors synthetic: random, stated so; the new page embedded by USE)")
        print(f"  full build, random vectors (pipeline only): {base:.1f} s; with USE it would add "
              f"~{report.passages / (count / raw):.0f} s of embedding at the rate above")
        print(f"  rebuild after one new page: {incremental:.1f} s; {report.reused_sources} of {report.sources} "
              f"source files unchanged, embedded {report.embedded}, reused {report.reused} vectors")


if __name__ == "__main__":
    main()
