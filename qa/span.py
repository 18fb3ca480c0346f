"""The short answer: the shortest verbatim span of the answering sentence that answers (a team, a number, a date…)."""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .lexicon import (RANGE_JOIN, ACQUIRE_VERBS, PRIZE_INFIX, TOTAL_PRIZE_INFIX, AGENT_VERBS, AWARD, SUBJECT_ADVERBIAL, SUBJECT_OPENERS, ALIAS_QUESTION, ANSWER_EDGE_WORDS, ANSWER_TYPE_NOUNS, COUNT_UNITS, MONEY_UNITS,
                      PERSON_UNITS, QUESTION_WORD_PATTERN)

ALIAS_MARKER = re.compile(r"又名|又称|别称|别名|俗称|简称|也称|亦称|又叫|也叫|或称|全称|原名|本名|英文名|英语：|英文：|称为")
from .tokenization import clause_bounds, normalize, readable

MAX_SPAN = 40
MIN_SHARED = 2  # characters a question and a sentence must share for the shared run to count as context
_CLAUSE = re.compile(r"[，,；;：:、。！？!?（）()“”\"《》\s]")
_NUM = r"(?:\d+(?:[.,]\d+)*[十百千万亿]*|[零〇一二两三四五六七八九十百千万亿]+)"
# A number that counts: 一 and 两 alone are mostly words (一人一档, 每一位), not counts.
_COUNTED = r"(?:\d+(?:[.,]\d+)*[十百千万亿]*|[零〇一二两三四五六七八九十百千万亿]{2,}|[三四五六七八九十])"
COUNTED_NUMBER = re.compile(_COUNTED)  # a number that counts, anywhere in a text
CALENDAR_YEAR = re.compile(r"(?:1[5-9]|20)\d{2}年度?")  # a year of the calendar (2026年): no count of years
# a number with what follows it as its unit (99.2%, 7天, 850元, 21:00), for the value after 到/至
NUMBER_SPAN = re.compile(r"\d{1,2}:\d{2}|[\d.,]+(?:%|[\u4e00-\u9fff]{1,2}(?=[，,。；;、）)]|$))|[\d.]+[%\u4e00-\u9fff]?")
_APPROX = r"(?:近|约|共|逾|超过|超|达|多达|近千|上)?"
_MORE = r"(?:余|多)?"
_TYPED = {
    "money": re.compile(_APPROX + _NUM + _MORE + "(?:" + "|".join(MONEY_UNITS) + ")"),
    "date": re.compile(r"(?:\d{4}|[零〇一二三四五六七八九]{4})年(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号])?"
                       r"|(?:\d{4}|[零〇一二三四五六七八九]{4})年"
                       r"|(?:公元前?|西元前?)\d{1,4}年|民国\d{1,3}年|(?<![\d.])\d{3}年(?![代级])"  # 845年, 民國16年
                       r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
                       r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:上旬|中旬|下旬|初|底)?"),
    "age": re.compile(_APPROX + _NUM + _MORE + "(?:周岁|岁)"),
    "time": re.compile(r"(?:上午|下午|晚上|早上|中午)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})(?:[:：]\d{2}|点(?:半|\d{1,2}分)?|时)"),
    "person_count": re.compile(_APPROX + _NUM + _MORE + "[" + PERSON_UNITS + "](?!民|员|工|才)"),
    "percent": re.compile(r"(?:近|约|逾|超过|超)?(?:\d+(?:\.\d+)?\s?%|百分之[零一二三四五六七八九十百点\d.]+"
                          r"|[一二三四五六七八九\d]成(?:以上|左右|多)?|[一二三四五六七八九十百千万\d]+分之[一二三四五六七八九十\d]+"
                          r"|一半|过半|半数|大半)"),
    "phone": re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?[-\s]?)?\d{7,8}(?!\d)|(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)\d{3,4}-\d{3,4}-?\d{4}(?!\d)"
                       r"|(?<!\d)0\d{1,3}-\d{3,4}-\d{4}(?!\d)|(?<![\d年])[2-9]\d{3} \d{4}(?![\d年])"  # 04-2229-5188, 2391 6688
                       r"|(?<!\d)12\d{3}(?![\d万千百亿人名元个家次份件位户岁年月日号])|(?<!\d)\+?852[-\s]?\d{4}[-\s]?\d{4}(?!\d)"),
    "count": re.compile(_APPROX + _NUM + _MORE + "(?:[" + COUNT_UNITS + "])"),
}


# A rise: the share or sum right after its verb (平均增长6.5%, 加薪4%, 提高到60元, 增加700多元).
_TYPED["rise"] = re.compile(r"(?:加薪|涨薪|调薪|调涨|上涨|上调|调高|提高|提升|增长|增加|涨)了?(?:至|到|为)?(?:平均)?(?P<v>"
                            + r"(?:近|约|逾|超过)?\d[\d,.]*\s?(?:%|个百分点|倍|" + "|".join(MONEY_UNITS) + "))")
# A span of time: a race time (1小時14分08秒, 11秒62), hours, days (7个工作日, 30天内), weeks, months, years.
_SPAN_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)"
_TYPED["duration"] = re.compile(
    _APPROX + r"(?:" + _SPAN_NUM + r"(?:个)?半?(?:小时|钟头)(?:" + _SPAN_NUM + r"分(?:钟)?)?(?:\d+秒\d*)?"
    r"|" + _SPAN_NUM + r"分(?:钟(?:\d+秒\d*)?|\d+秒\d*)|\d+(?:\.\d+)?秒\d*"  # (386分 alone is points)
    r"|" + _SPAN_NUM + r"(?:多)?(?:个)?半?(?:工作日|天|周|星期|个月)半?"
    r"|(?<![\d〇零])(?:\d{1,3}|[一二两三四五六七八九十百]+)(?:多)?(?:个)?半?年半?(?![代度级])"
    r"|半(?:个)?(?:小时|钟头|月|年|天))")
_TYPED["score"] = re.compile(r"(?<![\d:：])\d{1,3}\s?(?:比|:|：)\s?\d{1,3}(?![\d:：])")  # 3比1, 2:0 (not 9:00:00)
_TYPED["when"] = _TYPED["date"]  # "when" prefers a date, but may be answered by an event ("after the war")


def typed_spans(answer_type: str | None, text: str) -> list[tuple[int, int]]:
    """Spans of `text` of the answer type (a sum of money, a date, a number with its unit); [] for other types."""
    pattern = _TYPED.get(answer_type or "")
    if pattern is None:
        return []
    spans = [m.span("v") if "v" in pattern.groupindex else m.span() for m in pattern.finditer(readable(text))]
    if answer_type == "person_count" and not spans:
        return []
    return spans


def typed_ranges(answer_type: str, text: str) -> list[tuple[int, int]]:
    """Ranges of `text` between two spans of the answer type joined by 至/到/- (7:30至17:30, 7月6日至7月24日), each
    from the start of the first to the end of the second."""
    spans = typed_spans(answer_type, text)
    return [(a, d) for (a, b), (c, d) in zip(spans, spans[1:])
            if (joined := RANGE_JOIN.match(text, b)) and joined.end() == c]


def counted_spans(units: str, text: str) -> list[tuple[int, int]]:
    """Spans of `text` that count in one of the measure words `units` (13份, 客房160间; 名, 人 and 位 all count
    people)."""
    if any(u in PERSON_UNITS for u in units):
        units += PERSON_UNITS
    return [m.span() for m in re.finditer(_APPROX + _COUNTED + _MORE + "[" + re.escape(units) + "]", readable(text))]


NOUN_BEFORE = 3  # characters between a counted noun and its number (劳动模范86名, “骑手之家”17家)
NOUN_AFTER = 6  # characters between a number and its noun, in one clause (1860名快递员、外卖送餐员)


def counts_of(nouns: Sequence[str], units: str, text: str) -> list[tuple[int, int]]:
    """Spans of (normalized) `text` counting one of `nouns`, nearest first: a number in one of `units` right after
    the noun (劳动模范86名, “骑手之家”17家), else shortly before it in the same list (1860名快递员、外卖送餐员)."""
    found = []
    for start, end in counted_spans(units, text):
        before = text[max(0, start - NOUN_BEFORE - 8):start]
        after = re.split(r"[，,；;：:。！？!?（）()\s]", text[end:end + NOUN_AFTER + 8], maxsplit=1)[0]
        distances = []
        for noun in filter(None, nouns):
            at = before.rfind(noun)
            gap = before[at + len(noun):] if at >= 0 else ""
            if at >= 0 and len(gap) <= NOUN_BEFORE and not _CLAUSE.search(gap.strip("“”\"")):
                distances.append(len(gap))
            if 0 <= after.find(noun) <= NOUN_AFTER:
                distances.append(NOUN_BEFORE + 1 + after.find(noun))
        if distances:
            found.append((min(distances), start, end))
    return [(start, end) for _, start, end in sorted(found)]


NAME_END = "、，,的等以和与及"


def agent(text: str, start: int, end: int, verb: str) -> tuple[int, int] | None:
    """Who did `verb` in text[start:end]: the list between 由 and the verb (由海淀区总工会、…社会保障局主办 -> both), else
    the one between the verb and the list mark or clause start before it (…主办、庞各庄镇党委政府协办 -> 庞各庄镇党委政府);
    None when the sentence does not use the verb."""
    norm = normalize(text[start:end])
    if len(norm) != end - start:
        return None
    at = norm.find(verb)
    if at <= 0:
        return None
    clause = max((m.end() for m in re.finditer(r"[，,；;。：:！？!?]", norm[:at])), default=0)
    by = norm.rfind("由", clause, at)
    other = [m.end() for m in re.finditer(AGENT_VERBS, norm[clause:at])]
    if other:  # 由A主办、B协办: B, after the other verb
        begin = clause + other[-1]
    else:  # 由A、B主办, or A、B承办: the whole list
        begin = by + 1 if by >= 0 else clause
    while begin < at and norm[begin] in "由和与及、的 ":
        begin += 1
    if at - begin < 2:
        return None
    return start + begin, start + at


def winner(text: str, start: int, end: int, prizes: Sequence[str], awards_only: bool = True, totals: bool = False
           ) -> tuple[int, int] | None:
    """Who won one of `prizes` (tried in order; unless not `awards_only`, only prizes, ranks, medals, titles) in
    text[start:end]: 瀛海镇总工会代表队 of "最终，瀛海镇总工会代表队获得了一等奖", 王建军 of
    "…维修技师王建军以总分第一的成绩获得一等奖" (a person's name when the subject names one), None when the sentence
    tells no one winning them. `totals`: a team's or one's total may stand before the prize (获得团体总分第一名)."""
    from .tokenization import people_named

    norm = normalize(text[start:end])
    if len(norm) != end - start:
        return None
    for prize in (p for p in prizes if p and (AWARD.search(p) or not awards_only)):
        infix = TOTAL_PRIZE_INFIX if totals else PRIZE_INFIX  # (夺得热菜组金奖, 获得团体总分第一名)
        for match in re.finditer(ACQUIRE_VERBS + infix + re.escape(prize), norm):
            begin = max((m.end() for m in re.finditer(r"[，,；;。：:！？!?]", norm[:match.start()])), default=0)
            subject = norm[begin:match.start()]
            opener = SUBJECT_OPENERS.match(subject)
            if opener:
                begin, subject = begin + opener.end(), subject[opener.end():]
            subject = SUBJECT_ADVERBIAL.sub("", subject).rstrip("的 ")
            if not 2 <= len(subject) <= 40:
                continue
            # a name stands alone (李明远、 王建军以 …赵一鸣), not inside a company's (北京蓝驰新能源…公司)
            names = [n for n in people_named(subject) if n in subject and len(n) <= 4
                     and (subject.find(n) + len(n) == len(subject) or subject[subject.find(n) + len(n)] in NAME_END)]
            head = subject.split("、")[0]
            if "、" in subject and "的" in head and 2 <= len(head.rsplit("的", 1)[1]) <= 4:
                # a list of "<company>的<name>": from the first name to the end (李明远、…的赵一鸣)
                return start + begin + head.rindex("的") + 1, start + begin + len(subject)
            if names:  # 维修技师王建军: the name, from the first to the last
                first, last = subject.find(names[0]), max(subject.rfind(n) + len(n) for n in names)
                return start + begin + first, start + begin + last
            return start + begin, start + begin + len(subject)
    return None


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


_EDGE_FIRST = frozenset(w[0] for w in ANSWER_EDGE_WORDS)
_EDGE_LAST = frozenset(w[-1] for w in ANSWER_EDGE_WORDS)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop function words and verbs at the edges (获得了, 的, 是 …), and stray punctuation."""
    changed = True
    while changed and start < end:
        changed = False
        if text[start] not in _EDGE_FIRST and text[end - 1] not in _EDGE_LAST:
            break  # no edge word can match (the loop below, only faster)
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


def _runs(a: str, b: str) -> list[tuple[int, int, int]]:
    """Maximal common substrings of a and b of MIN_SHARED+ characters: (start in a, start in b, length)."""
    out: list[tuple[int, int, int]] = []
    if len(a) < MIN_SHARED or len(b) < MIN_SHARED:
        return out
    where: dict[str, list[int]] = {}
    for j, ch in enumerate(b):
        where.setdefault(ch, []).append(j)
    la, lb = len(a), len(b)
    for i, ch in enumerate(a):
        for j in where.get(ch, ()):
            if i and j and a[i - 1] == b[j - 1]:
                continue  # not the start of a maximal run
            n = 1
            while i + n < la and j + n < lb and a[i + n] == b[j + n]:
                n += 1
            if n >= MIN_SHARED:
                out.append((i, j, n))
    return out


def _question_parts(question: str) -> tuple[str, str]:
    """(what the question says before its question word, what it says after it), particles and marks stripped."""
    q = question.strip().rstrip("？?。.!！ ").rstrip("呢吗啊呀吧")
    match = QUESTION_WORD_PATTERN.search(q)
    if match is None:
        return q, ""
    right = q[match.end():]
    for noun in ANSWER_TYPE_NOUNS:
        if right.startswith(noun):
            right = right[len(noun):]
            break
    return q[:match.start()], right


def _boundary_before(text: str, begin: int, at: int) -> int:
    for i in range(at - 1, begin - 1, -1):
        if _CLAUSE.match(text[i]):
            return i + 1
    return begin


def _boundary_after(text: str, at: int, end: int) -> int:
    for i in range(at, end):
        if _CLAUSE.match(text[i]) and i > at:
            return i
    return end


def align(question: str, text: str, sentence: tuple[int, int]) -> tuple[tuple[int, int] | None, float]:
    """The span where the question's question word falls once its words are laid over the sentence, and how much
    of the question was matched around it.

    "谁获得了一等奖" over "最终，瀛海镇总工会代表队获得了一等奖": the words after 谁 match 获得了一等奖, so the answer is
    what stands before them in that clause. Words before the question word anchor the start, words after it the end.
    """
    norm = normalize(text)
    if len(norm) != len(text):
        norm = text.lower()
    left, right = _question_parts(normalize(question))
    return _align(left, right, text, norm, sentence)


def _align(left: str, right: str, text: str, norm: str, sentence: tuple[int, int]
           ) -> tuple[tuple[int, int] | None, float]:
    """`align` on a question already split around its question word, and a text already normalized."""
    start, end = sentence
    piece = norm[start:end]
    # Nearest the question word first; of equal runs, the earliest place in the sentence.
    left_runs = sorted(_runs(left, piece), key=lambda r: (r[0] + r[2], r[2], -r[1]))
    right_runs = sorted(_runs(right, piece), key=lambda r: (-r[0], r[2], -r[1]))
    anchor_left = left_runs[-1] if left_runs else None  # the run nearest the question word
    anchor_right = right_runs[-1] if right_runs else None
    matched = (anchor_left[2] if anchor_left else 0) + (anchor_right[2] if anchor_right else 0)
    a = b = None
    if anchor_left and anchor_right and anchor_left[1] + anchor_left[2] <= anchor_right[1]:
        a, b = start + anchor_left[1] + anchor_left[2], start + anchor_right[1]
        if a == b:
            a = None
    if a is None and anchor_right and (not anchor_left or anchor_left[1] > anchor_right[1]):
        b = start + anchor_right[1]
        a = _boundary_before(text, start, b)
    if a is None and anchor_left:
        after = start + anchor_left[1] + anchor_left[2]
        a, b = _trim(text, after, _boundary_after(text, after, end))
        if not right and anchor_left[0] + anchor_left[2] >= len(left) - 1:
            # The question ends in its question word and the sentence repeats all it says (…的国家是哪一个 over
            # "荷兰成为第一个…的国家以来"): the answer stands just before the repeated words, unless a clause follows.
            before = start + anchor_left[1]
            c, d = _trim(text, _boundary_before(text, start, before), before)
            if d > c and (b - a < 2 or after >= end or text[after] in "以来后前时中"):
                a, b = c, d
        if b - a <= 1:  # the clause ended at once ("十字园蛛（学名…），又名园蛛"): take the next one
            a = b + 1
            b = _boundary_after(text, a, end)
    if a is None and not anchor_left and not anchor_right:
        return None, matched
    if a is not None and b is not None:
        a, b = _tighten(left, right, norm, a, b)
    if a is None or b is None or b <= a:
        return None, matched
    a, b = _trim(text, a, b)
    if b <= a or b - a > MAX_SPAN:
        return None, matched
    return (a, b), matched


_LINKS = frozenset("由在于是为呈被向从自以用和与对给让把将到达至叫称属位")


def _tighten(left: str, right: str, norm: str, a: int, b: int) -> tuple[int, int]:
    """Narrow a span with the one character on each side of the question word, when it is a linking word the
    sentence repeats inside the span: 由谁导演 over "…由徐克导演" keeps 徐克; 头部呈什么形状 over "…呈三角形" keeps
    三角形; 是哪里人 over "…，哈尔滨人" keeps 哈尔滨."""
    if left and left[-1] in _LINKS:
        at = norm.rfind(left[-1], a, b - 1)
        if at >= 0:
            a = at + 1
    if right and right[0] not in "的了吗呢":
        at = norm.find(right[0], a + 1, b + 1)
        if at > a and (right[0] in _LINKS or len(right) == 1 or norm[at:at + 2] == right[:2]):
            b = at
    return a, b


def short_answer(question: str, text: str, sentence: tuple[int, int], answer_type: str | None = None,
                 focus: Sequence[str] = ()) -> tuple[int, int] | None:
    """Span of `text` (inside `sentence`) that answers the question, or None when nothing fits.

    Typed questions (money, date, counts) take the typed span nearest to where the question word falls. Others take
    the aligned span (see `align`) or, failing that, the clause that shares most with the question minus what the
    question already says. `focus` are the words the current question adds to its context (二等奖 in a follow-up),
    which pick the clause first.
    """
    q = normalize(question)
    norm = normalize(text)
    if len(norm) != len(text):
        norm = text.lower()
    return _short_answer(q, _question_parts(q), text, norm, sentence, answer_type, focus)[0]


def _short_answer(q: str, parts: tuple[str, str], text: str, norm: str, sentence: tuple[int, int],
                  answer_type: str | None, focus: Sequence[str] = ()
                  ) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """`short_answer` on a normalized question and text, with the aligned span it saw: (answer, aligned)."""
    start, end = sentence
    typed = typed_spans(answer_type, text[start:end])
    aligned = _align(*parts, text, norm, sentence)[0] if not focus else None
    if ALIAS_QUESTION.search(q):
        marker = ALIAS_MARKER.search(text, start, end)
        if marker:
            a = marker.end()
            b = next((i for i in range(a, end) if text[i] in "，,；;。（(）)"), end)
            a, b = _trim(text, a, b)
            if 0 < b - a <= MAX_SPAN:
                return (a, b), aligned
    if typed:
        spans = [(a + start, b + start) for a, b in typed]
        candidates = clauses(text, start, end)
        if aligned:
            # the value nearest where the question word falls; when that place straddles clauses (求职者2800余人次入场，
            # 现场初步达成 for 多少人当场有就业意向), the value of the clause sharing most with the question first
            centre = (aligned[0] + aligned[1]) / 2
            share = {c: _clause_score(q, norm, c, focus) for c in candidates}
            straddles = not any(c[0] <= aligned[0] and aligned[1] <= c[1] for c in candidates)

            def clause_share(sp: tuple[int, int]) -> float:
                return max((v for c, v in share.items() if c[0] <= sp[0] and sp[1] <= c[1]), default=0.0) * straddles
            return min(spans, key=lambda sp: (-clause_share(sp), abs((sp[0] + sp[1]) / 2 - centre), sp[0])), aligned
        ranked = sorted(candidates, key=lambda c: -_clause_score(q, norm, c, focus))
        for clause in ranked:
            inside = [sp for sp in spans if sp[0] >= clause[0] and sp[1] <= clause[1]]
            if inside:
                return inside[0], aligned
        return spans[0], aligned
    if answer_type in _TYPED and answer_type != "when":
        return None, aligned
    if aligned:
        return aligned, aligned
    return _clause_remainder(q, text, norm, sentence, focus), aligned


def clause_share(question: str, text: str, at: int) -> float:
    """How much the clause of `text` holding position `at` shares with the question (characters in shared runs)."""
    norm = normalize(text)
    if len(norm) != len(text):
        norm = text.lower()
    return _clause_score(normalize(question), norm, clause_bounds(text, at), ())


def _clause_score(q: str, norm: str, span: tuple[int, int], focus: Sequence[str]) -> float:
    piece = norm[span[0]:span[1]]
    return sum(_shared_mask(q, piece)) + sum(3 * len(f) for f in focus if f and f in piece)


def _clause_remainder(q: str, text: str, norm: str, sentence: tuple[int, int], focus: Sequence[str]
                      ) -> tuple[int, int] | None:
    """The clause sharing most with the question, minus what the question already says (its longest other run)."""
    candidates = clauses(text, *sentence)
    if not candidates:
        return None
    best = max(candidates, key=lambda c: _clause_score(q, norm, c, focus))
    if _clause_score(q, norm, best, focus) <= 0:
        return None
    mask = _shared_mask(q, norm[best[0]:best[1]])
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


FULL_ALIGNMENT = 4  # characters at least of what follows the question word that, repeated after the span, settle it
# A full alignment settles the span without the scorer when all the question says after its question word (4+
# characters, up to 8) follows the span at once: 谁获得了一等奖 over "…瀛海镇总工会代表队获得了一等奖". A looser test
# (any 3 characters in a row) cost CMRC F1 0.010 and DRCD 0.04 against the scorer alone; this one 0.002.
TRUST_FULL_ALIGNMENT = True
# Added to the scores of the chosen sentence's spans: a prior against leaving it. 0.25 keeps the answer sentence of
# the everyday and seed questions where it was (0 left it on two news questions more; CMRC F1 0.522 either way).
CHOSEN_BONUS = 0.25
WITH_UNIT = True  # a number the scorer picks is read with its unit (span_rank.with_unit)
# Besides the chosen sentence, the ones sharing most with the question are read too. With the scorer's sentence
# features (qa/span_rank.py), DRCD held out (2-fold, whole pipeline) 3 sentences 0.560, 5 0.563; ~0.3 ms a question.
EXTRA_SENTENCES = 5


def locate(question: str, text: str, sentence: tuple[int, int], answer_type: str | None = None,
           focus: Sequence[str] = (), extra: int | None = None) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """(answering sentence, short answer span) read by the learned scorer (qa/span_rank.py) over the chosen
    `sentence` and the `extra` sentences of `text` sharing most with the question.

    Every word n-gram of those sentences, the typed spans and the rule's answer (`short_answer`) are scored with
    weights trained on DRCD (benchmarks/train_span.py); the span kept is the one with the highest expected F1 against
    the scores (a vote of near spans). A follow-up (`focus`) keeps the rule's answer in the chosen sentence, and so
    does a full alignment (谁获得了一等奖 over "…瀛海镇总工会代表队获得了一等奖": all after 谁 follows the span).
    """
    from . import span_rank
    from .chunking import split_sentences

    if focus:
        return sentence, short_answer(question, text, sentence, answer_type, focus)
    norm = normalize(text)
    if len(norm) != len(text):
        norm = text.lower()
    q = span_rank.make_question(question)
    if TRUST_FULL_ALIGNMENT:
        rule, aligned = _short_answer(q.text, (q.left, q.right), text, norm, tuple(sentence), answer_type)
        if rule is not None and rule == aligned and _follows(q.right, norm, rule[1]):
            return sentence, rule  # the question's words after its question word follow the span
    sentences = split_sentences(text) or [(0, len(text))]
    extra = EXTRA_SENTENCES if extra is None else extra
    picked, info = span_rank.nearby_sentences(q, norm, sentences, tuple(sentence), extra)
    spans, X = span_rank.passage_rows(q, text, norm, picked, info, answer_type)
    if not spans:
        return sentence, None
    scores = span_rank.score(X)
    if CHOSEN_BONUS:
        scores = scores + CHOSEN_BONUS * np.array([sentence[0] <= a and b <= sentence[1] for a, b in spans])
    best = spans[span_rank.expected_f1_pick(spans, scores)]
    home = next((s for s in picked if s[0] <= best[0] and best[1] <= s[1]), sentence)
    if WITH_UNIT:
        best = span_rank.with_unit(text, best, home[1])
    return home, best


def _follows(right: str, norm: str, at: int) -> bool:
    """True when `right` (what the question says after its question word; its first 8 characters, at least
    FULL_ALIGNMENT) stands in norm[at:] within 2 characters: 谁获得了一等奖 over "…代表队获得了一等奖"."""
    head = right[:8]
    return len(head) >= FULL_ALIGNMENT and head in norm[at:at + len(head) + 2]
