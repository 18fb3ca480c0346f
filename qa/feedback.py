"""Readers' 👍/👎 on answers: appended to a JSONL log beside the index; 👎 entries become a question file to review."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Iterable

from .errors import QAError

VOTES = ("up", "down")
MAX_TEXT = 4000  # characters kept of an answer or comment
MAX_HISTORY_ITEMS = 10
_LOCK = threading.Lock()


class FeedbackError(QAError, ValueError):
    """A malformed feedback entry (unknown vote, missing question)."""


def log_path(index: str | Path) -> Path:
    """The feedback log of an index: `<index>.feedback.jsonl` beside the index folder (rebuilds leave it alone)."""
    index = Path(index)
    return index.with_name(f"{index.name}.feedback.jsonl")


def entry(question: object, vote: object, answer: object = "", citation: object = "", comment: object = "",
          history: object = None, amends: object = False, when: float | None = None) -> dict:
    """A checked log entry (`amends`: a comment added to the reader's vote just logged, not another vote); FeedbackError when the vote or question is missing or of the wrong kind."""
    if vote not in VOTES:
        raise FeedbackError("vote must be 'up' or 'down'")
    if not isinstance(question, str) or not question.strip():
        raise FeedbackError("question is missing")
    texts = {"answer": answer, "citation": citation, "comment": comment}
    for name, value in texts.items():
        if value is None:
            texts[name] = ""
        elif not isinstance(value, str):
            raise FeedbackError(f"{name} must be text")
    if history is not None and (not isinstance(history, list) or not all(isinstance(h, str) for h in history)):
        raise FeedbackError("history must be a list of the earlier questions")
    moment = time.time() if when is None else when
    return {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(moment)), "vote": vote,
            "question": question.strip()[:MAX_TEXT], "answer": texts["answer"][:MAX_TEXT],
            "citation": texts["citation"][:MAX_TEXT], "comment": texts["comment"].strip()[:MAX_TEXT],
            "history": [h[:MAX_TEXT] for h in (history or [])][-MAX_HISTORY_ITEMS:], "amends": amends is True}


def append(path: str | Path, record: dict) -> None:
    """Append one entry as one line (one write with O_APPEND: lines from concurrent writers never interleave)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    with _LOCK:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)


def read(path: str | Path) -> list[dict]:
    """The log's entries, oldest first; unreadable lines are skipped."""
    path = Path(path)
    if not path.exists():
        raise QAError(f"{path}: no feedback log yet (readers' votes are written there by qa serve)")
    entries = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and record.get("vote") in VOTES and isinstance(record.get("question"), str):
            entries.append(record)
    return entries


def review_questions(entries: Iterable[dict]) -> list[dict]:
    """👎 entries as a question file for `qa eval`, one line per question (first seen first).

    `answer` is left null for the reviewer to fill in with the expected answer (null means the news cannot answer
    it); what the chat said, the cited passage, readers' comments and the number of 👎 come along to judge by.
    """
    questions: dict[tuple, dict] = {}
    for record in entries:
        if record.get("vote") != "down":
            continue
        history = [h for h in record.get("history") or [] if isinstance(h, str)]
        key = (record["question"], tuple(history))
        item = questions.setdefault(key, {"question": record["question"], "answer": None, "kind": "feedback",
                                          "history": history, "answer_given": record.get("answer") or "",
                                          "citation": record.get("citation") or "", "comments": [], "downvotes": 0,
                                          "last_time": ""})
        item["downvotes"] += 0 if record.get("amends") else 1
        item["last_time"] = max(item["last_time"], str(record.get("time") or ""))
        comment = str(record.get("comment") or "").strip()
        if comment and comment not in item["comments"]:
            item["comments"].append(comment)
        if record.get("answer"):
            item["answer_given"], item["citation"] = record["answer"], record.get("citation") or ""
    return list(questions.values())
