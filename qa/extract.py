"""Answers the news writes in fixed forms: a quoted name (“书适圈”读书角) and the unit and title before a name."""

from __future__ import annotations

import re
from typing import Sequence

from .lexicon import APPOSITION_STOP, ORGANISATION_END, PRIZE_WON, QUOTED
from .tokenization import normalize


NEAR = 6  # characters between a quoted name and the word it names that still count as next to it


def quoted_name(text: str, start: int, end: int, focus: Sequence[str], asked: str) -> tuple[int, int] | None:
    """The quoted name in text[start:end] (inside “”, 《》 or 「」) nearest a focus word of the question (读书角 of
    读书角叫什么 -> 书适圈 of “书适圈”读书角), leaving out those the question itself names; None when it quotes none."""
    found = [(m.start(g), m.end(g)) for m in QUOTED.finditer(text, start, end)
             for g in range(1, (m.lastindex or 0) + 1) if m.group(g)]
    found = [(a, b) for a, b in found if normalize(text[a:b]) not in asked]
    if not found:
        return None
    anchors = [(start + m.start(), start + m.end()) for word in focus if len(word) >= 2
               for m in re.finditer(re.escape(word), text[start:end])]
    if not anchors:
        return found[0]

    def distance(ab: tuple[int, int]) -> int:
        return min(a - ab[1] if a >= ab[1] else max(ab[0] - b, 0) for a, b in anchors)

    # Near is within a few characters (发布了图书《创新朝阳》 and 发布《匠心朝阳》 alike): then the first one.
    return min(found, key=lambda ab: (distance(ab) // NEAR, ab[0]))


def apposition(text: str, start: int, end: int, name: str, part: str = "all") -> tuple[int, int] | None:
    """What text[start:end] writes right before a person's `name`: their unit and title (北京市总工会党组成员、副主席王敬东
    -> 北京市总工会党组成员、副主席); `part` "unit" keeps the organisation (北京市总工会), "title" what follows it
    (党组成员、副主席); None when the name stands alone (会上，刘海峰代表…)."""
    at = text.find(name, start, end) if name else -1
    while at >= 0:
        before = at - 1 if at > start and text[at - 1] == "的" else at
        left = max((m.end() for m in APPOSITION_STOP.finditer(text, start, before)), default=start)
        if before < at and before - left >= 2:
            at = before
        if at - left >= 2:
            unit = ORGANISATION_END.match(text, left, at)
            if part == "all":
                return left, at
            if part == "unit" and unit:
                return left, unit.end()
            if part == "title" and (not unit or at - unit.end() >= 2):
                return (unit.end() if unit else left), at
        at = text.find(name, at + len(name), end)
    return None


def prize_of(text: str, start: int, end: int, subjects: Sequence[str]) -> tuple[int, int] | None:
    """The prize text[start:end] says one of `subjects` won (采育镇 -> 三等奖 of 采育镇总工会代表队获得了三等奖): after
    the subject, in its clause, the first verb of winning and its prize; None when no subject is said to win one."""
    for subject in (s for s in subjects if len(s) >= 2):
        at = text.find(subject, start, end)
        while at >= 0:
            clause_end = re.search(r"[，,。；;！？!?]", text[at:end])
            stop = at + clause_end.start() if clause_end else end
            won = PRIZE_WON.search(text, at + len(subject), stop)
            if won:
                return won.span("prize")
            at = text.find(subject, at + len(subject), end)
    return None
