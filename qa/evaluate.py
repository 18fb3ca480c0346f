"""Retrieval and abstention metrics over JSONL question sets and SQuAD-style JSON (CMRC 2018)."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .api import Answer, NewsQA
from .errors import SourceError

RANK_DEPTH = 10


@dataclass
class Case:
    """One question: its text, and what counts as a hit (an answer substring, or a gold article id)."""

    question: str
    answer: str | None = None
    gold_article: str | None = None
    kind: str | None = None
    history: list[str] = field(default_factory=list)
    gold_answers: list[str] = field(default_factory=list)  # SQuAD answer texts, for the short answer's EM/F1

    @property
    def answerable(self) -> bool:
        """False for questions the news does not answer."""
        return self.answer is not None or self.gold_article is not None


@dataclass
class Report:
    """Aggregate metrics and the per-question rows behind them."""

    name: str
    metrics: dict = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)


def load_jsonl_cases(path: Path) -> list[Case]:
    """{"question": ..., "answer": ...} a line; answer null means unanswerable. The answer text is also the gold
    short answer (EM/F1 of `Answer.short_answer` against it)."""
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            answer = record.get("answer")
            cases.append(Case(question=str(record["question"]), answer=answer,
                              kind=record.get("kind"), history=list(record.get("history") or []),
                              gold_answers=[answer] if isinstance(answer, str) and answer else []))
        except (json.JSONDecodeError, KeyError, TypeError):
            raise SourceError(f"{path}:{number}: expected {{\"question\": ..., \"answer\": ...}}") from None
    return cases


def squad_articles(path: Path) -> tuple[list[dict], list[Case]]:
    """JSONL article records (title + context per passage) and questions whose gold is that passage."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))["data"]
    except (json.JSONDecodeError, KeyError, TypeError):
        raise SourceError(f"{path}: not SQuAD-style JSON (a 'data' list of titles with paragraphs)") from None
    records, cases = [], []
    for item in data:
        for number, paragraph in enumerate(item.get("paragraphs", []), start=1):
            pid = str(paragraph.get("id") or f"{item.get('id', len(records))}-{number}")
            records.append({"id": pid, "title": item.get("title", ""), "text": paragraph["context"]})
            cases.extend(Case(question=qa["question"], gold_article=pid,
                              gold_answers=[a["text"] for a in qa.get("answers", []) if a.get("text")])
                         for qa in paragraph.get("qas", []))
    return records, cases


def rank_of(case: Case, answer: Answer) -> int | None:
    """1-based rank of the first passage (or, for gold articles, the first distinct article) that counts."""
    if case.gold_article is not None:
        seen: list[str] = []
        for passage in answer.passages:
            if passage.article_id not in seen:
                seen.append(passage.article_id)
                if passage.article_id == case.gold_article:
                    return len(seen)
        return None
    for rank, passage in enumerate(answer.passages, start=1):
        if case.answer and case.answer in passage.text:
            return rank
    return None


def evaluate(qa: NewsQA, cases: list[Case], name: str, batch: int = 256,
             progress: Callable[[int, int], None] | None = None) -> Report:
    """Ask every question (with its history) and compute hit@1/3/5, MRR@10, answer-sentence accuracy, abstention
    rates, "right" per kind (the first passage holds the answer and the bot answered, or it abstained on an
    unanswerable question) and, where gold answer texts are known, the short answer's EM and F1."""
    report = Report(name=name)
    depth = RANK_DEPTH * 3 if any(c.gold_article for c in cases) else RANK_DEPTH
    for start in range(0, len(cases), batch):
        chunk = cases[start:start + batch]
        results = qa.ask_batch([c.question for c in chunk], k=depth, histories=[c.history for c in chunk])
        for case, res in zip(chunk, results):
            rank = rank_of(case, res) if case.answerable else None
            right = res.abstained if not case.answerable else (rank == 1 and not res.abstained)
            row = {
                "question": case.question, "kind": case.kind, "history": case.history,
                "expected": case.answer if case.answer is not None else case.gold_article,
                "answerable": case.answerable, "rank": rank, "abstained": res.abstained, "right": right,
                "short_answer": res.short_answer, "answer": res.answer,
                "answer_correct": bool(case.answer and res.answer and case.answer in res.answer),
                "signals": res.signals, "top": [p.citation for p in res.passages[:3]],
            }
            if case.gold_answers:
                row["em"] = max(exact_match(res.short_answer or "", g) for g in case.gold_answers)
                row["f1"] = max(f1_score(res.short_answer or "", g) for g in case.gold_answers)
            report.rows.append(row)
        if progress:
            progress(min(start + batch, len(cases)), len(cases))
    answerable = [r for r in report.rows if r["answerable"]]
    unanswerable = [r for r in report.rows if not r["answerable"]]
    n = max(len(answerable), 1)

    def hit(k: int) -> float:
        return round(sum(1 for r in answerable if r["rank"] and r["rank"] <= k) / n, 4)

    report.metrics = {
        "questions": len(report.rows), "answerable": len(answerable), "unanswerable": len(unanswerable),
        "hit@1": hit(1), "hit@3": hit(3), "hit@5": hit(5),
        "mrr@10": round(sum(1.0 / r["rank"] for r in answerable if r["rank"] and r["rank"] <= 10) / n, 4),
        "abstained_answerable": round(sum(r["abstained"] for r in answerable) / n, 4),
        "abstained_unanswerable": round(sum(r["abstained"] for r in unanswerable) / max(len(unanswerable), 1), 4)
        if unanswerable else None,
        "right": round(sum(r["right"] for r in report.rows) / max(len(report.rows), 1), 4),
    }
    kinds = sorted({r["kind"] for r in report.rows if r["kind"]})
    if kinds:
        report.metrics["right_by_kind"] = {
            kind: round(sum(r["right"] for r in report.rows if r["kind"] == kind)
                        / sum(1 for r in report.rows if r["kind"] == kind), 4) for kind in kinds}
    scored = [r for r in report.rows if "f1" in r]
    if scored:
        report.metrics["short_answer_em"] = round(sum(r["em"] for r in scored) / len(scored), 4)
        report.metrics["short_answer_f1"] = round(sum(r["f1"] for r in scored) / len(scored), 4)
        if kinds:
            report.metrics["short_answer_f1_by_kind"] = {
                kind: round(sum(r["f1"] for r in scored if r["kind"] == kind)
                            / max(sum(1 for r in scored if r["kind"] == kind), 1), 4)
                for kind in kinds if any(r["kind"] == kind for r in scored)}
        report.metrics["answer_sentence_f1"] = round(sum(
            max(f1_score(r["answer"] or "", g) for g in c.gold_answers)
            for r, c in zip(report.rows, cases) if c.gold_answers) / len(scored), 4)
    with_text = [r for r in answerable if isinstance(r["expected"], str) and not any(
        c.gold_article for c in cases)]
    if with_text:
        report.metrics["answer_sentence"] = round(sum(r["answer_correct"] for r in with_text) / len(with_text), 4)
    return report


# CMRC 2018's official metric (cmrc2018_evaluate.py): characters of CJK, words of Latin text; punctuation removed;
# F1 over the longest common substring, EM on the stripped strings; the best over the gold answers.
_PUNCT = set("-:_*^/\\~`+=，。：？！“”；’《》……·、「」（）－～『』,.:?!\"';()[]{}<>【】 \t\n")


def _segments(text: str) -> list[str]:
    out, latin = [], ""
    for ch in text.lower().strip():
        if ch in _PUNCT:
            if latin:
                out.append(latin)
                latin = ""
            continue
        if "\u4e00" <= ch <= "\u9fff" or not ch.isascii():
            if latin:
                out.append(latin)
                latin = ""
            out.append(ch)
        else:
            latin += ch
    if latin:
        out.append(latin)
    return out


def _lcs(a: list[str], b: list[str]) -> int:
    best = 0
    table = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        previous = 0
        for j in range(1, len(b) + 1):
            current = table[j]
            table[j] = previous + 1 if a[i - 1] == b[j - 1] else 0
            best = max(best, table[j])
            previous = current
    return best


def f1_score(prediction: str, gold: str) -> float:
    """CMRC 2018's F1: longest common substring over characters (Latin words whole), punctuation dropped."""
    pred, ref = _segments(prediction), _segments(gold)
    common = _lcs(pred, ref)
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction: str, gold: str) -> float:
    """CMRC 2018's EM: equal after punctuation and spaces are removed."""
    return float(bool(gold.strip()) and "".join(_segments(prediction)) == "".join(_segments(gold)))


def evaluate_file(path: Path, index: Path | None = None, model: str | None = None, mode: str = "hybrid",
                  progress: Callable[[int, int], None] | None = None) -> Report:
    """Evaluate a JSONL question set against an index, or a SQuAD JSON file against its own passages."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        records, cases = squad_articles(path)
        with tempfile.TemporaryDirectory(prefix="qa-eval-") as tmp:
            source = Path(tmp) / f"{path.stem}.jsonl"
            with open(source, "w", encoding="utf-8") as handle:
                for record in records:
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            qa = NewsQA.build([source], out=Path(tmp) / "index", model=model)
            qa.settings.mode = mode
            return evaluate(qa, cases, f"{path.name} ({mode})", progress=progress)
    qa = NewsQA.load(index or "embeddings", model=model)
    qa.settings.mode = mode
    return evaluate(qa, load_jsonl_cases(path), f"{path.name} ({mode})", progress=progress)
