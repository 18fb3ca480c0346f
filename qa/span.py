"""The short answer: the shortest verbatim span of the answering sentence that answers (a team, a number, a date…)."""

from __future__ import annotations

import re
from typing import Sequence

from .lexicon import ANSWER_EDGE_WORDS, COUNT_UNITS, MONEY_UNITS, PERSON_UNITS
from .tokenization import normalize

MAX_SPAN = 40
MIN_SHARED = 2  # characters a question and a sentence must share for the shared run to count as context
_CLAUSE = re.compile(r"[，,；;：:、。！？!?（）()“”\"《》\s]")
_NUM = r"(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千万亿]+)"
_APPROX = r"(?:近|约|共|逾|超过|超|达|多达|近千|上)?"
_MORE = r"(?:余|多)?"
_TYPED = {
    "money": re.compile(_APPROX + _NUM + _MORE + "(?:" + "|".join(MONEY_UNITS) + ")"),
    "date": re.compile(r"(?:\d{4}|[零〇一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?"
                       r"|(?:\d{4}|[零〇一二三四五六七八九]{4})年"
                       r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
                       r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:上旬|中旬|下旬|初|底)?"),
    "age": re.compile(_APPROX + _NUM + _MORE + "(?:周岁|岁)"),
    "time": re.compile(r"(?:上午|下午|晚上|早上|中午)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:[:：]\d{2}|点(?:半|\d{1,2}分)?|时)"),
    "person_count": re.compile(_APPROX + _NUM + _MORE + "[" + PERSON_UNITS + "](?!民|员|工|才)"),
    "count": re.compile(_APPROX + _NUM + _MORE + "(?:[" + COUNT_UNITS + "])"),
}


def typed_spans(answer_type: str | None, text: str) -> list[tuple[int, int]]:
    """Spans of `text` of the answer type (a sum of money, a date, a number with its unit); [] for other types."""
    pattern = _TYPED.get(answer_type or "")
    if pattern is None:
        return []
    spans = [m.span() for m in pattern.finditer(text)]
    if answer_type == "person_count" and not spans:
        return []
    return spans


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses (between punctuation) of text[start:end], as spans of `text`."""
    out, begin = [], start
    for match in _CLAUSE.finditer(text, start, end):
        if match.start() > begin:
            out.append((begin, match.start()))
        begin = match.end()
    if end > begin:
        out.append((begin, end))
    return out


def _shared_mask(question: str, clause: str) -> list[bool]:
    """For each character of the (normalized) clause: is it inside a run of MIN_SHARED+ characters that the question
    also contains?"""
    mask = [False] * len(clause)
    i = 0
    while i < len(clause):
        best = 0
        for j in range(i + MIN_SHARED, len(clause) + 1):
            if clause[i:j] in question:
                best = j - i
            else:
                break
        if best:
            for k in range(i, i + best):
                mask[k] = True
            i += best
        else:
            i += 1
    return mask


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop function words and verbs at the edges (获得了, 的, 是 …), and stray punctuation."""
    changed = True
    while changed and start < end:
        changed = False
        piece = text[start:end]
        for word in ANSWER_EDGE_WORDS:
            if piece.startswith(word) and end - start > len(word):
                start += len(word)
                changed = True
                break
            if piece.endswith(word) and end - start > len(word):
                end -= len(word)
                changed = True
                break
    while start < end and _CLAUSE.match(text[start]):
        start += 1
    while end > start and _CLAUSE.match(text[end - 1]):
        end -= 1
    return start, end


def short_answer(question: str, text: str, sentence: tuple[int, int], answer_type: str | None = None,
                 focus: Sequence[str] = ()) -> tuple[int, int] | None:
    """Span of `text` (inside `sentence`) that answers the question, or None when nothing fits.

    Typed questions (money, date, counts) take the typed span nearest to the question's words. Others take the
    clause that shares most with the question and keep what the question does not already say: in
    "最终，瀛海镇总工会代表队获得了一等奖", asked "谁获得了一等奖", that is "瀛海镇总工会代表队". `focus` are the
    words the current question adds to its context (二等奖 in a follow-up), which pick the clause first.
    """
    q = normalize(question)
    start, end = sentence
    norm = normalize(text)  # same length as text for CJK (NFKC may change width only), checked below
    if len(norm) != len(text):
        norm = text.lower()
    candidates = clauses(text, start, end)
    if not candidates:
        return None

    def clause_score(span: tuple[int, int]) -> float:
        piece = norm[span[0]:span[1]]
        mask = _shared_mask(q, piece)
        bonus = sum(3 for f in focus if f and f in piece)
        return sum(mask) + bonus

    typed = typed_spans(answer_type, text[start:end])
    if typed:
        ranked = sorted(candidates, key=lambda s: -clause_score(s))
        for clause in ranked:
            inside = [(a + start, b + start) for a, b in typed if a + start >= clause[0] and b + start <= clause[1]]
            if inside:
                return inside[0]
        a, b = typed[0]
        return a + start, b + start
    if answer_type in _TYPED:
        return None
    best = max(candidates, key=clause_score)
    if clause_score(best) <= 0:
        return None
    piece = norm[best[0]:best[1]]
    mask = _shared_mask(q, piece)
    # The longest run the question does not already say.
    runs, run_start = [], None
    for i, shared in enumerate(mask + [True]):
        if not shared and run_start is None:
            run_start = i
        elif shared and run_start is not None:
            runs.append((run_start, i))
            run_start = None
    if not runs:
        return None
    a, b = max(runs, key=lambda r: r[1] - r[0])
    a, b = _trim(text, best[0] + a, best[0] + b)
    if b - a < 1 or b - a > MAX_SPAN:
        return None
    return a, b
