"""Answers the news writes in fixed forms: a quoted name (“书适圈”读书角) and the unit and title before a name."""

from __future__ import annotations

import re
from typing import Sequence

from .lexicon import PRIZE_BY, NAME_FOLLOWER, ORIGIN, SURNAMES, APPOSITION_STOP, LIST_ITEM, LIST_LEAD, LIST_TAIL, ORGANISATION_END, PRIZE_WON, QUOTED
from .tokenization import normalize, readable


ROLE_REACH = 24  # characters after a role within which its holder's name is looked for (through their other posts)
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


_DISTRIBUTED = re.compile(r"(?P<p1>[\u4e00-\u9fff]{1,6}?)(?:及|和|与|、)(?P<p2>[\u4e00-\u9fff]{1,6}?)分别由"
                          r"(?P<w1>[^，,。；;、]{2,40}?)、(?P<w2>[^，,。；;、]{2,40}?)(?:夺得|获得|摘得|夺下|获)")


def prize_by(text: str, start: int, end: int, prizes: Sequence[str]) -> tuple[int, int] | None:
    """Who won one of `prizes` (tried in order) where the news names the prize first (女子组冠军则由…的护理师叶佩玲以
    1小时29分55秒夺下 -> 叶佩玲): the one between 由 and the verb, their name when it ends with one; None otherwise."""
    from .tokenization import is_person_name, people_named

    text = readable(text)
    for prize in (p for p in prizes if p):  # 银奖及铜奖分别由…的陈嘉豪、…的冼志文夺得: each prize its own winner
        for match in _DISTRIBUTED.finditer(text, start, end):
            for n in (1, 2):
                if match.group(f"p{n}").endswith(prize):
                    a, b = match.span(f"w{n}")
                    names = [x for x in people_named(text[a:b]) if is_person_name(x) and text[a:b].endswith(x)]
                    return (b - len(names[-1]), b) if names else (a, b)
    for prize in (p for p in prizes if p):
        for match in re.finditer(re.escape(prize) + PRIZE_BY, text[start:end]):
            a, b = start + match.start("who"), start + match.end("who")
            names = [n for n in people_named(text[a:b]) if is_person_name(n) and text[a:b].endswith(n)]
            return (b - len(names[-1]), b) if names else (a, b)
    return None


_LIST = re.compile(LIST_ITEM + r"(?:、" + LIST_ITEM + r")+(?:(?:和|及|以及|与)" + LIST_ITEM + r")?")


def listed(text: str, start: int, end: int, focus: Sequence[str] = (), counted: bool = False
           ) -> tuple[int, int] | None:
    """The list of things text[start:end] gives with 、 (共开展数据分析、云计算、大数据、人工智能四个赛道 -> 数据分析、云计算、
    大数据、人工智能), the one nearest a focus word when there are several: its first item cut to the length of the
    others (共开展 is no item), its last cut before what counts or closes them (四个赛道, 等); None without one.
    `counted` (哪几个赛道): a list its sentence counts (…人工智能四个赛道) before others."""
    found = []
    for match in _LIST.finditer(text, start, end):
        items = re.split(r"、|和|及|以及|与", match.group(0))
        # the list closes at the first item that counts or closes it (京东物流等平台 -> 京东物流; …四个赛道)
        close = next((i for i, item in enumerate(items[1:], start=1) if LIST_TAIL.search(item)), len(items) - 1)
        tail_cut = sum(len(x) + 1 for x in items[close + 1:])
        items = items[:close + 1]
        last = LIST_TAIL.sub("", items[-1]) or items[-1]
        lead = list(LIST_LEAD.finditer(items[0]))
        first = items[0][lead[-1].end():] if lead and lead[-1].end() < len(items[0]) else items[0]
        longest = max(len(i) for i in items[1:-1] + [last]) if len(items) > 2 else len(last)
        first = first[-(longest + 1):]  # no lead word found: hardly longer than the others
        a = match.start() + len(items[0]) - len(first)
        b = match.end() - tail_cut - (len(items[-1]) - len(last))
        found.append((a, b, bool(re.match(r"[一二三四五六七八九十两\d]+(?:个|项|类|种|大|场|支|名)", items[-1][len(last):]))))
    if counted and any(c for *_, c in found):
        found = [f for f in found if f[2]]
    found = [(a, b) for a, b, _ in found]
    if not found:
        return None
    anchors = [m.start() for w in focus if len(w) >= 2 for m in re.finditer(re.escape(w), text[start:end])]
    if not anchors:
        return found[0]
    return min(found, key=lambda ab: min(min(abs(start + at - ab[0]), abs(start + at - ab[1])) for at in anchors))


def origin(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where text[start:end] says someone comes from (他来自河南周口，… -> 河南周口); None when it does not say."""
    match = ORIGIN.search(text, start, end)
    return match.span(1) if match else None


ELECTED_TO = re.compile(r"(?P<who>[\u4e00-\u9fff]{2,3}?)(?:以[^，,。；;]{1,12}?)?(?:当选|出任|担任|连任|接任)为?"
                        r"(?:第[一二三四五六七八九十\d]+届)?[\u4e00-\u9fff]{0,12}$")


def role_holder(text: str, start: int, end: int, role: str) -> tuple[int, int] | None:
    """Who holds `role` in text[start:end]: the first person named after it in its clause, through a list of their
    other posts (…、区总工会主席、区推进产改协调小组常务副组长张克斌 -> 张克斌; 区总工会主席何静宣读 -> 何静); not a
    副主席 for 主席. None when no one is named there."""
    from .tokenization import is_person_name, people_named

    text = readable(text)  # 理事長鄧志強 read as 理事长邓志强, offset for offset
    at = text.find(role, start, end)
    while at >= 0:
        if at and text[at - 1] == "副" and not role.startswith("副"):
            at = text.find(role, at + len(role), end)
            continue
        stop = re.search(r"[，,。；;！？!?]", text[at:end])
        clause_end = at + stop.start() if stop else end
        window = text[at + len(role):min(clause_end, at + len(role) + ROLE_REACH)]
        for name in people_named(window):
            offset = window.find(name)
            if is_person_name(name) and offset >= 0 and len(name.strip("·")) >= 2:  # not the dot of 賓勞·安貝卡
                return at + len(role) + offset, at + len(role) + offset + len(name)
        # a name the tagger splits (齐 + 红梅): a surname, one or two characters, then what a name is followed by
        for n in (3, 2):
            if window[:1] in SURNAMES and len(window) > n and NAME_FOLLOWER.match(window, n):
                return at + len(role), at + len(role) + n
        # elected or appointed to it, named before (邱明达以17票当选第十届理事长)
        clause_start = max((m.end() for m in re.finditer(r"[，,。；;！？!?]", text[start:at])), default=0) + start
        elected = ELECTED_TO.search(text[clause_start:at + len(role)])
        if elected and elected.end() == at + len(role) - clause_start:
            a, b = clause_start + elected.start("who"), clause_start + elected.end("who")
            if text[a] in SURNAMES:
                return a, b
        at = text.find(role, at + len(role), end)
    return None
