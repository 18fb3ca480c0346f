"""News management for the server: what is indexed, adding news files, removing a source, incremental rebuilds.

A rebuild runs beside the chat (NewsQA.build with the index's sources, reusing everything unchanged); the chat
keeps answering from the loaded index until the new version is published, then switches to it.
"""

from __future__ import annotations

import html
import re
import shutil
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .errors import QAError
from .readers import SUFFIXES

UPLOAD_SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


class ManagementError(QAError):
    """A news file that cannot be added, a source that is not in the index, a rebuild already running."""


@dataclass
class SourceSummary:
    """One source file of the index."""

    name: str
    articles: int = 0
    passages: int = 0
    first: str | None = None
    last: str | None = None
    publishers: list[str] = field(default_factory=list)
    exists: bool = True


@dataclass
class IndexSummary:
    """What an index holds."""

    articles: int
    passages: int
    first: str | None
    last: str | None
    built_at: str | None
    version: str | None
    sources: list[SourceSummary]
    publishers: list[str]

    def to_dict(self) -> dict:
        return {"articles": self.articles, "passages": self.passages, "first_date": self.first, "last_date": self.last,
                "built_at": self.built_at, "version": self.version, "publishers": self.publishers,
                "sources": [s.__dict__ for s in self.sources]}


_SUMMARIES: dict[int, tuple[object, IndexSummary]] = {}
_SUMMARY_LOCK = threading.Lock()


def summarize(qa) -> IndexSummary:
    """Counts, dates and sources of a loaded index (once per loaded index object)."""
    with _SUMMARY_LOCK:
        found = _SUMMARIES.get(id(qa))
        if found is not None and found[0] is qa:
            return found[1]
    per_source: dict[str, SourceSummary] = {}
    for name in (qa.manifest.get("sources") or {}):
        per_source[name] = SourceSummary(name=name)
    publishers: Counter = Counter()
    dates: list[str] = []
    for article in qa.articles.values():
        item = per_source.setdefault(article.source, SourceSummary(name=article.source))
        item.articles += 1
        if article.date:
            dates.append(article.date)
            item.first = min(item.first or article.date, article.date)
            item.last = max(item.last or article.date, article.date)
        if article.publisher:
            publishers[article.publisher] += 1
            if article.publisher not in item.publishers:
                item.publishers.append(article.publisher)
    for passage_source in _passage_sources(qa):
        if passage_source in per_source:
            per_source[passage_source].passages += 1
    for item in per_source.values():
        item.exists = Path(item.name).exists()
    summary = IndexSummary(articles=len(qa.articles), passages=qa.backend.count(), first=min(dates, default=None),
                           last=max(dates, default=None), built_at=_built_at(qa), version=_version(qa),
                           sources=sorted(per_source.values(), key=lambda s: s.name),
                           publishers=[name for name, _ in publishers.most_common()])
    with _SUMMARY_LOCK:
        if len(_SUMMARIES) > 8:
            _SUMMARIES.clear()
        _SUMMARIES[id(qa)] = (qa, summary)
    return summary


def _passage_sources(qa) -> Iterable[str]:
    if getattr(qa, "_data", None) is None:  # another backend (Milvus): passages are not read by row
        return
    for passage in qa.passages:
        yield passage.source


def _version(qa) -> str | None:
    data = getattr(qa, "_data", None)
    return getattr(data, "version", None)


def _built_at(qa) -> str | None:
    data = getattr(qa, "_data", None)
    folder = getattr(data, "folder", None) or qa.path
    for candidate in ([Path(folder) / "manifest.json"] if folder else []):
        try:
            return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(candidate.stat().st_mtime))
        except OSError:
            continue
    return None


def summary_html(summary: IndexSummary) -> str:
    """The summary as an escaped HTML table."""
    esc = lambda value: html.escape("" if value is None else str(value), quote=True)  # noqa: E731
    dates = f"{summary.first} – {summary.last}" if summary.first else "（文章没有日期 no dates）"
    rows = "".join(
        f"<tr><td>{esc(s.name)}{'' if s.exists else ' <strong>（文件已不在 file gone）</strong>'}</td>"
        f"<td>{s.articles}</td><td>{s.passages}</td>"
        f"<td>{esc(f'{s.first} – {s.last}' if s.first else '')}</td><td>{esc('、'.join(s.publishers))}</td></tr>"
        for s in summary.sources)
    return (f'<div class="index-summary"><p><strong>{summary.articles}</strong> 篇文章 articles · '
            f'<strong>{summary.passages}</strong> 个段落 passages · 日期 dates {esc(dates)} · '
            f'{len(summary.sources)} 个来源文件 source files · 建于 built {esc(summary.built_at or "?")}'
            f'{f" · 版本 version {esc(summary.version)}" if summary.version else ""}</p>'
            f'<p>出版方 Publishers: {esc("、".join(summary.publishers) or "（无 none）")}</p>'
            f'<div class="table-wrap"><table><caption>来源文件 Source files</caption><thead><tr><th scope="col">文件 File'
            f'</th><th scope="col">文章</th><th scope="col">段落</th><th scope="col">日期</th><th scope="col">出版方'
            f'</th></tr></thead><tbody>{rows}</tbody></table></div></div>')


class NewsManager:
    """Adds and removes news files and rebuilds the index beside the running chat (one rebuild at a time)."""

    def __init__(self, index: str | Path, live, uploads: str | Path | None = None) -> None:
        self.index = Path(index)
        self.live = live
        self.uploads = Path(uploads) if uploads else self.index.with_name(f"{self.index.name}.news")
        self._lock = threading.Lock()
        self.state = "idle"
        self.message = ""

    def sources(self) -> list[str]:
        """The source files the loaded index was built from."""
        return [s.name for s in summarize(self.live.qa).sources]

    def save_upload(self, path: str | Path, original_name: str | None = None) -> Path:
        """Copy an uploaded news file into the uploads folder under a safe name; ManagementError if unusable."""
        path = Path(path)
        name = Path(original_name or path.name).name
        suffix = Path(name).suffix.lower()
        if suffix not in UPLOAD_SUFFIXES:
            raise ManagementError(f"{name}: only {', '.join(UPLOAD_SUFFIXES)} news files can be added")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise ManagementError(f"{name}: larger than {MAX_UPLOAD_BYTES >> 20} MB")
        stem = _UNSAFE.sub("_", Path(name).stem).strip("._") or "news"
        self.uploads.mkdir(parents=True, exist_ok=True)
        target = self.uploads / f"{stem}{suffix}"
        number = 2
        while target.exists() and target.read_bytes() != path.read_bytes():
            target = self.uploads / f"{stem}-{number}{suffix}"
            number += 1
        shutil.copyfile(path, target)
        return target

    def rebuild(self, add: Iterable[Path] = (), remove: Iterable[str] = (),
                progress: Callable[[str, int, int], None] | None = None) -> dict:
        """Rebuild with the index's sources, plus `add`, minus `remove` (incremental: unchanged files are reused);
        the chat switches to the new index when it is published. Returns the build report as a dict."""
        if not self._lock.acquire(blocking=False):
            raise ManagementError("a rebuild is already running; wait for it to finish")
        try:
            from .api import NewsQA

            removed = set(remove)
            current = self.sources()
            unknown = removed - set(current)
            if unknown:
                raise ManagementError(f"{sorted(unknown)[0]}: not a source of this index")
            keep = [name for name in current if name not in removed]
            missing = [name for name in keep if not Path(name).exists()]
            if missing:  # never drop news by accident: a file the server cannot see would leave the index
                raise ManagementError(f"{missing[0]}: source file not found from {Path.cwd()} (start qa serve where "
                                      "the index was built, or remove that source first)")
            sources = [Path(name) for name in keep]
            for path in add:
                if Path(path).suffix.lower() in SUFFIXES and path not in sources:
                    sources.append(Path(path))
            if not sources:
                raise ManagementError("nothing would be left in the index: add a news file first")
            self.state, self.message = "building", ""

            def on_progress(done: int, total: int) -> None:
                if progress:
                    progress("embedding", done, total)

            qa = NewsQA.build(sources, out=self.index, embedder=self.live.qa.embedder, progress=on_progress)
            report = qa.report
            switched = self._switch(qa)
            for name in removed:  # a removed upload leaves the uploads folder too
                path = Path(name)
                if path.exists() and path.resolve().parent == self.uploads.resolve():
                    path.unlink()
            result = {"articles": report.articles, "passages": report.passages, "embedded": report.embedded,
                      "reused": report.reused, "seconds": round(report.seconds, 1), "warnings": list(report.warnings),
                      "switched": switched}
            self.state, self.message = "idle", f"rebuilt: {report.articles} articles, {report.passages} passages"
            return result
        except BaseException:
            self.state = "idle"
            raise
        finally:
            self._lock.release()

    def _switch(self, built) -> bool:
        """Point the chat at the version just published (the watcher would within a second; this is at once)."""
        refresh = getattr(self.live, "refresh", None)
        if refresh is not None:
            refresh()
        return True
