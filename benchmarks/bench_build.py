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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=40, help="pages for the throughput run (20 passages each)")
    parser.add_argument("--archive-pages", type=int, default=5000, help="pages in the archive for the incremental run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as tmp:
        tmp = Path(tmp)
        write_pages(tmp / "news", args.pages)
        passages = chunk_articles(read_sources([tmp / "news"]).articles)
        texts = [p.context_text for p in passages]
        embedder = load_embedder(None)
        embedder.encode_document(texts[:64])  # warm
        started = time.perf_counter()
        embedder.encode_document(texts)
        raw = time.perf_counter() - started
        started = time.perf_counter()
        qa = NewsQA.build([tmp / "news"], out=tmp / "idx", embedder=embedder)
        full = time.perf_counter() - started
        print(f"throughput run: {len(passages)} passages, default embedder (USE), {embedder._model.threads} threads")
        print(f"  embedder alone: {len(passages) / raw:.1f} passages/s ({raw:.1f} s)")
        print(f"  whole build:    {len(passages) / full:.1f} passages/s ({full:.1f} s); pipeline overhead "
              f"{100 * (full - raw) / raw:.0f}% on top of embedding")

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
        print(f"incremental run: archive of {args.archive_pages} pages, {report.passages} passages "
              f"(base vectors synthetic: random, stated so; the new page embedded by USE)")
        print(f"  full build (random vectors, no model time): {base:.1f} s")
        print(f"  rebuild after one new page: {incremental:.1f} s; embedded {report.embedded}, reused {report.reused}")


if __name__ == "__main__":
    main()
