"""Question analysis: normalize, merge a follow-up with the conversation, answer type, and the terms to search for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

from .errors import QueryError
from .lexicon import (ENGLISH_ROLES, ROLE_SUFFIXES, AWARDS_TOLD, TOP_PRIZES, WIN_QUESTION, AGENT_QUESTION, TITLE_QUESTION, UNIT_QUESTION, NEXT_ONE, NEXT_TOLD, ANSWER_TYPES, CANTONESE, CHAT_PHRASES, COLLOQUIAL, COUNT_QUESTION, COUNT_UNITS, ENGLISH_COUNT_QUESTION, ENGLISH_MEASURES, MEASURE_NOUNS, ENGLISH_PEOPLE, ENGLISH_STOPWORDS,
                      FOLLOWUP_OPENERS, MEASURE_WORDS,
                      PERSON_NOUN_ENDS, PERSON_UNITS, FOLLOWUP_PRONOUNS, FOLLOWUP_TAIL, QUESTION_WORD_PATTERN,
                      FOCUS_SKIP, LIGHT_VERBS, STOPWORDS, WHERE_ACTION, WHO_QUESTION, YEAR, ORDINAL, CONTRASTIVE_MODIFIERS,
                      PLACE_SUFFIXES, UNIT_EQUIVALENTS, ROLE_AFTER_WHO)
from .synonyms import synonyms
from .tokenization import has_chinese, normalize, part_of_speech, tokenize, tokenize_query, words

MAX_QUESTION_CHARS = 2000
MAX_HISTORY = 5  # earlier questions kept (the last ones); older ones cannot be what a follow-up leans on
MAX_HISTORY_ITEM_CHARS = MAX_QUESTION_CHARS
FOLLOWUP_FOCUS = 2.0  # a follow-up's own terms (二等奖 of 那二等奖呢) weigh this much more than its context's
# ... and those its context lacks weigh this much again in picking the sentence (侍产假呢 after 产假延长到几耐: the
# sentence about 侍产假, not the one that answered the earlier question)
OWN_SENTENCE_WEIGHT = 0.5
CONTEXT_ASKED = 0.25  # and what its context asked (第一 of 谁拿了第一, before 在哪办的) this much of its weight
SHORT_FOLLOWUP_CHARS = 12  # a question this short that names nothing of its own leans on the conversation
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")


@dataclass
class Term:
    """One thing the question asks about: its token, and other words the news may use for it (synonyms, or the
    Chinese words for an English word); `weight` is its IDF."""

    token: str
    alternatives: tuple[str, ...] = ()
    weight: float = 0.0


@dataclass
class Query:
    """A question ready for retrieval: what to embed, which tokens to score, what kind of answer it wants."""

    asked: str  # the question as the user typed it (cleaned)
    text: str  # normalized: Simplified, NFKC, lower case
    search_text: str  # what is embedded: the question, after the question it follows up on
    chinese: bool
    tokens: list[str] = field(default_factory=list)  # BM25 tokens
    terms: list[Term] = field(default_factory=list)  # for coverage: what a passage must mention
    answer_type: str | None = None
    followup: bool = False
    context: str | None = None  # the earlier question a follow-up was read with
    names: list[str] = field(default_factory=list)  # romanized names bridged to Chinese (English questions)
    missing_names: list[str] = field(default_factory=list)  # romanized names the news never mentions
    # Names (places, organisations, people) the question asks about: a passage that lacks them is about another one.
    required_names: list[str] = field(default_factory=list)
    own: str = ""  # the question itself (not its context), normalized as `text` is
    count_unit: str | None = None  # the measure word a count question counts in (几份 -> 份, how many companies -> 家)
    counted: list[str] = field(default_factory=list)  # what a count question counts (劳模, 劳动模范; riders -> 骑手)
    # A follow-up's own words its context lacks (夜班补贴 of 夜班补贴涨了多少 after 一线工资涨多少): what it asks about now.
    own_terms: list[Term] = field(default_factory=list)


_CANTONESE = re.compile("|".join(sorted((c for c, _ in CANTONESE + COLLOQUIAL), key=len, reverse=True)))
_MANDARIN = dict(CANTONESE + COLLOQUIAL)


def normalize_question(text: str) -> str:
    """A question as the news would word it: normalized (Simplified, NFKC, lower case), Cantonese read as Mandarin
    (工联会呢个调查系用咩方式做嘅 -> 工联会这个调查是用什么方式做的), everyday question words as written ones (啥地方 ->
    什么地方)."""
    text = normalize(HTML_TAG.sub(" ", SCRIPT_BLOCK.sub(" ", text)))  # pasted markup (<b>, <script>…) is not asked
    text = CHAT_PHRASES.sub("", text).strip("，,。!！ ") or text
    return _CANTONESE.sub(lambda m: _MANDARIN[m.group(0)], text)


def clean_question(question: object) -> str:
    """Printable text, control characters dropped, whitespace folded, cut at MAX_QUESTION_CHARS."""
    if not isinstance(question, str):
        return ""
    text = "".join(ch if ch.isprintable() else " " for ch in question)
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


def clean_history(history: object) -> list[str]:
    """The last MAX_HISTORY earlier questions, cleaned; QueryError when `history` is not a list of strings."""
    if history is None:
        return []
    if isinstance(history, (str, bytes)) or not isinstance(history, Sequence):
        raise QueryError("history must be a list of the earlier questions (strings), oldest first")
    if not all(isinstance(item, str) for item in history):
        raise QueryError("history must be a list of strings (the earlier questions), oldest first")
    return [q for q in (clean_question(item) for item in list(history)[-MAX_HISTORY:]) if q]


def answer_type(text: str) -> str | None:
    """What kind of text answers the (normalized) question: money, date, person_count, count, person, place."""
    for name, pattern in ANSWER_TYPES:
        if pattern.search(text):
            return name
    return None


def _counted_phrase(text: str, terms: Sequence[Term]) -> tuple[str, list[str]] | None:
    """A count question's measure word (几份 -> 份; "" when it names none or 个) and the words it counts: Chinese words
    after 多少/几 up to a non-noun (多少外卖小哥入会 -> 外卖, 小哥), or an English question's plural head as its Chinese
    words (how many riders -> 骑手); None for a question that counts nothing."""
    if has_chinese(text):
        match = COUNT_QUESTION.search(text)
        if not match:
            return None
        named, rest = "", text[match.start(2):match.start(2) + 8]
        if not match.group(1) and rest[:1] and rest[0] in MEASURE_WORDS and not rest.startswith(MEASURE_NOUNS):
            named, rest = rest[0], rest[1:]
        rest = re.sub(r"^(?:是|为|属于)", "", rest)[:7]  # 有几位是一线员工: what is counted follows the copula
        found: list[str] = []
        parts = words(rest)
        if len(parts) > 1 and parts[0] in PLACE_SUFFIXES and _is_noun(parts[1]):
            rest = rest[1:]  # 多少个省劳模: the level of a place (省, 市) before the noun counted
        if parts and not _is_noun(parts[0]) and any(t.startswith(ADVERBIAL_TAGS) for _, t in part_of_speech(parts[0])):
            return named, []  # 多少人当场有就业意向: an adverb, a place or a time word after it counts nothing
        for word in words(rest)[:3]:
            if len(word) < 2 or word in STOPWORDS or not rest.startswith("".join(found) + word):
                break
            if len(found) == 2 and not _is_noun(word):  # a third word only when a noun (快递外卖小哥, not 外卖小哥入会)
                break
            found.append(word)
        if not found and not [w for w in words(rest)[:1] if w not in COUNT_UNITS]:
            # nothing counted after it: the noun before (一等奖有几个, 劳模一共多少)
            before = re.sub(r"(?:一共|总共|共|有|是|为|的|了|都)+$", "", text[:match.start()])
            found = [w for w in words(before) if len(w) >= 2 and w not in STOPWORDS and w not in FOCUS_SKIP][-1:]
        return named, found or words(rest)[:1]
    match = ENGLISH_COUNT_QUESTION.search(text)
    if not match:
        return None
    from .bridge import lemma

    # The noun counted is the phrase's first plural, or the last of plurals in a row: *riders* joined, *companies*
    # sent, labour and skills *competitions* did.
    after = re.findall(r"[a-z]+", text[match.end():])[:6]
    plural = [w in ENGLISH_PEOPLE or w.endswith("s") and len(w) > 3 and w not in STOPWORDS
              and w not in ENGLISH_STOPWORDS for w in after]
    if not any(plural):
        return "", []
    at = plural.index(True)
    while at + 1 < len(after) and plural[at + 1]:
        at += 1
    head = after[at]
    if head in ENGLISH_PEOPLE:
        return "", [head]
    if head in ENGLISH_MEASURES:  # with how many points: a number in 分
        return ENGLISH_MEASURES[head], []
    return "", next((list(t.alternatives) for t in terms if t.token.split()[-1] == lemma(head)), [])


ADVERBIAL_TAGS = ("d", "s", "t", "p")  # jieba's adverbs, place words, time words, prepositions (当场, 现在, 在)


def _is_noun(word: str) -> bool:
    """True when jieba tags the word a noun of some kind (小哥), not a verb (入会)."""
    tags = part_of_speech(word)
    return len(tags) == 1 and tags[0][1].startswith("n")


def asks_who_won(query: Query, bare_alone: bool = True) -> bool:
    """True for a question after who did or won something: it asks who (谁, 哪个代表队, who), or is bare (大兴知识竞赛二等奖)
    or a bare follow-up of a who-question (那二等奖呢, what about the second prize?); not 在哪办的 after one.
    `bare_alone`: whether a bare question with no history counts."""
    bare = not asks_own(query.own)  # 那二等奖呢, what about second prize? (how many … asks its own thing)
    return bool(WHO_QUESTION.search(query.own)
                or bare and (bare_alone if query.context is None
                             else WHO_QUESTION.search(normalize_question(query.context))))


ORDINAL_PRIZE = re.compile(r"第[一二三四五六七八九十\d]+名|[一二三四五六七八九十特]等奖|[金银铜]牌")


def query_objects(query: Query) -> list[str]:
    """The words a question may name as something won or done (二等奖, first prize -> 一等奖), as the news may write
    them, longest first; a follow-up's own words before its context's (那二等奖呢 after 谁拿了第一)."""
    own = [t for t in query.terms if t.token.lstrip("#") in query.own or query.context is None]
    if own and query.context is not None and asks_own(query.own):
        return _object_words(own)  # 唯一进前三的女选手是谁 after 一等奖是谁: not the first prize's winner again
    return _object_words(own + [t for t in query.terms if t not in own])


def prizes_asked(query: Query) -> list[str]:
    """query_objects of a who-won question; one that names no prize (who won the singing contest?, 谁赢了) asks for
    the first prize, tried first (TOP_PRIZES)."""
    objects = query_objects(query)
    if not WIN_QUESTION.search(query.own) or any(p in AWARDS_TOLD or ORDINAL_PRIZE.fullmatch(p) for p in objects):
        return objects
    return [*TOP_PRIZES, *objects]


def _object_words(ordered: Sequence[Term]) -> list[str]:
    """The terms' words and alternatives, each term's longest first, two characters at least."""
    return list(dict.fromkeys(w for t in ordered for w in sorted((t.token.lstrip("#"), *t.alternatives),
                                                                 key=len, reverse=True) if len(w) >= 2))


def counted_nouns(text: str, terms: Sequence[Term]) -> list[str]:
    """What a (normalized) count question counts, as the news may word it, with synonyms: 多少个劳模 -> 劳模, 劳动模范;
    how many riders -> 骑手. A measure word is no noun unless a measure word was asked (几张卡 -> 卡, 几个人 -> none)."""
    phrase = _counted_phrase(text, terms)
    if phrase is None:
        return []
    named, found = phrase
    if not has_chinese(text):
        return found
    return list(dict.fromkeys(w for word in found if len(word) >= 2 or named or word not in COUNT_UNITS
                              for w in (word, *sorted(synonyms(word)))))


def count_unit(text: str, terms: Sequence[Term], units_of: Callable[[str], str]) -> str | None:
    """The measure words a (normalized) count question counts in: the one it names (几份, 多少间房), and those of the
    noun it counts: the dictionary's (多少个企业 -> 家, how many companies -> 公司 -> 家) or its last character when
    that is one (困难户 -> 户); None for 个 and for nouns without one."""
    if not has_chinese(text) and re.search(r"\bscore\b", text) and not ENGLISH_COUNT_QUESTION.search(text):
        return ENGLISH_MEASURES["score"]  # what was his score: points, in 分
    phrase = _counted_phrase(text, terms)
    if phrase is None:
        return None
    named, counted = phrase
    if counted[:1] and counted[0] in ENGLISH_PEOPLE:
        return named + PERSON_UNITS
    # A last character that is a measure word (困难户 -> 户), not a person's (单位 is no count of people).
    units = named + "".join(u for word in counted for u in units_of(word) + word[-1:].strip(PERSON_UNITS)
                            if u in MEASURE_WORDS)
    if any(len(word) >= 2 and word.endswith(tuple(PERSON_NOUN_ENDS)) for word in counted):
        units += PERSON_UNITS  # 多少个劳模, how many riders: counted in 名
    units += "".join(UNIT_EQUIVALENTS.get(u, "") for u in units)  # 几多本 told in 册, 幾多日 in 天
    return "".join(dict.fromkeys(units)) or None


def answer_kind_nouns(text: str) -> set[str]:
    """Words right after a question word (哪些设施, 什么颜色): the kind of answer wanted, which the news need not
    use."""
    out: set[str] = set()
    for match in QUESTION_WORD_PATTERN.finditer(text):
        rest = text[match.end():]
        found = words(rest[:8])
        if found:
            out.add(found[0])
    return out


def focus_words(text: str) -> list[str]:
    """The word the question word asks about, just before it (主席 in 工会主席是谁, 负责人 in 负责人叫什么名字),
    skipping linking words (是, 的, 有, 一共 …)."""
    out: list[str] = []
    for match in QUESTION_WORD_PATTERN.finditer(text):
        head = text[:match.start()].rstrip(" ，,")
        for link in ("叫做", "称为", "叫", "是", "为", "有", "的"):
            head = head[:-len(link)] if head.endswith(link) else head
        before = [w for w in words(head) if w not in STOPWORDS and w not in FOCUS_SKIP]
        if before and len(before[-1]) >= 2 and has_chinese(before[-1]):
            word = before[-1]
            out.append("副" + word if head.endswith("副" + word) else word)  # 副书记 is its own role
    return out


CONTRASTIVE = re.compile(f"(?<![妇子儿少男女])([{''.join(CONTRASTIVE_MODIFIERS)}])([\u4e00-\u9fff]{{2,3}})")
_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "两": "2"}


def _ordinal_value(numeral: str) -> str:
    """第二 -> 2, 第12 -> 12, 第十二 -> 12 (up to 99), for comparing 第二批 and 第2批."""
    if numeral.isdigit():
        return str(int(numeral))
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return str(int(_DIGITS.get(tens, "1") if tens else 1) * 10 + int(_DIGITS.get(ones, "0") if ones else 0))
    return "".join(_DIGITS.get(c, c) for c in numeral)


def ordinals(text: str) -> set[tuple[str, str]]:
    """(number, measure) of each ordinal in (normalized) text: 第二批 -> (2, 批), 首批 -> (1, 批)."""
    return {("1" if first else _ordinal_value(number), measure) for number, first, measure in ORDINAL.findall(text)}


def ordinal_forms(text: str) -> list[str]:
    """How the news may write each ordinal of a (normalized) question: 第一批 -> 第一批, 第1批, 首批."""
    numerals = "零一二三四五六七八九"
    out = []
    for number, measure in sorted(ordinals(text)):
        value = int(number)
        chinese = numerals[value] if value < 10 else ("十" if value < 20 else numerals[value // 10] + "十") + (
            numerals[value % 10] if value % 10 else "")
        out += [f"第{chinese}{measure}", f"第{value}{measure}"] + ([f"首{measure}"] if value == 1 else [])
    return out


def unmatched_specifics(question: str, article: str, article_date: str | None = None) -> list[str]:
    """What a (normalized) question pins that the (normalized) article about the same thing does not hold: a year
    outside the years it tells of (2022年 asked of a 2023 event; a history spanning 1930-1960 may leave 1950 unsaid),
    an ordinal of a series it numbers otherwise (第二批 asked, 首批 told), a kind of person (女骑手 asked, 骑手 told), the
    next one of something (下一届) when it tells of none."""
    out = []
    years_told = {int(y) for y in YEAR.findall(article)} | ({int(article_date[:4])} if article_date else set())
    out += [f"<{y}>" for y in set(YEAR.findall(question))
            if years_told and not min(years_told) <= int(y) <= max(years_told)]
    told = ordinals(article)
    out += [f"<第{n}{m}>" for n, m in ordinals(question) - told if any(measure == m for _, measure in told)]
    for match in CONTRASTIVE.finditer(question):
        modifier, rest = match.group(1), match.group(2)
        # a person noun (骑手, 快递员), not any word (处女作, 女性与)
        tail = next((rest[:n] for n in (3, 2) if len(rest) >= n and rest[:n] in article and rest[n - 1] in PERSON_NOUN_ENDS), None)
        if tail and modifier + tail not in article:
            out.append(f"<{modifier}{tail}>")
    # the next one (下一届在哪办, next year's) when the article tells of no next one
    if NEXT_ONE.search(question) and not NEXT_TOLD.search(article):
        out.append("<next>")
    return out


def where_action(text: str) -> str | None:
    """The action a (normalized) where-question asks the place of: 办公 in 北京市总工会在哪里办公; None otherwise."""
    match = WHERE_ACTION.search(text)
    if not match:
        return None
    first = next(iter(part_of_speech(match.group(1))), None)
    if first is None or len(first[0]) < 2 or first[1] not in ("v", "vn", "n") or first[0] in LIGHT_VERBS:
        return None  # 以及, 主要, 比较: not an action
    return first[0]


def is_followup(text: str, names_own_topic: bool) -> bool:
    """True when a (normalized) question leans on the conversation: it opens like a follow-up (那…, what about …),
    ends in 呢, refers back with a pronoun, or is short and names nothing of its own."""
    padded = f" {text} "
    if text.startswith(FOLLOWUP_OPENERS) or text.rstrip("？?!！。. ").endswith("呢") or text.endswith(FOLLOWUP_TAIL):
        return True  # (那大兴区有几家: a place of its own, asked the way the earlier question asked)
    if names_own_topic and has_chinese(text) and QUESTION_WORD_PATTERN.search(text) and not re.search("[他她它]", text):
        return False  # 海淀那个比赛谁主办的: it names its own topic and asks its own question
    if any(p in padded for p in FOLLOWUP_PRONOUNS):
        return True
    return not names_own_topic and len(text) <= SHORT_FOLLOWUP_CHARS * (4 if not has_chinese(text) else 1)


def resolve(question: str, history: Sequence[str], names_topic: Callable[[str], bool]) -> tuple[str, str | None]:
    """(the question to search with, the earlier question it leans on or None), both as typed (not normalized).

    Each earlier question is itself resolved against the ones before it, so 那二等奖呢 → 三等奖呢 both lean on the
    first question that named the quiz.
    """
    base: str | None = None
    resolved: str | None = None
    for earlier in history:
        leans = resolved is not None and is_followup(normalize(earlier), names_topic(earlier))
        # A chain of follow-ups leans on the question that began it and the latest step only: the fifth question of
        # a conversation does not carry the four before it.
        base = base if leans else earlier
        resolved = f"{base} {earlier}" if leans else earlier
    if resolved and is_followup(normalize(question), names_topic(question)):
        return f"{resolved} {question}", resolved
    return question, None


def organising_verb(question: str) -> str | None:
    """The verb a (normalized) question asks the doer of (主办 of 谁主办的, 承办 of 承办单位有哪些); None otherwise."""
    match = AGENT_QUESTION.search(question)
    return (match.group(1) or match.group(2)) if match else None


def described_part(question: str) -> str | None:
    """What a (normalized) question asks of a person: "unit" (他是哪个公司的), "title" (什么职务), or None."""
    return "unit" if UNIT_QUESTION.search(question) else "title" if TITLE_QUESTION.search(question) else None


def asks_own(question: str) -> bool:
    """True when a (normalized) follow-up has a question word of its own (在哪办的, who is he), False for a bare one
    (那二等奖呢, what about Haidian?)."""
    text = re.sub(r"^\s*(?:what|how) about\b", "", question)
    return bool(QUESTION_WORD_PATTERN.search(text) or ENGLISH_QUESTION_WORD.search(text))


def context_asked(context: str, question: str) -> tuple[str, list[str]]:
    """What a (normalized, Chinese) context asked, when its follow-up asks something of its own: (the context from its
    question word to the clause's end, the names said there) -- 谁拿了第一 of 大兴知识竞赛谁拿了第一 + 在哪办的; ("", [])
    for a follow-up that asks nothing of its own (那二等奖呢) and for a context that opens with its question word."""
    if not has_chinese(context) or not asks_own(question):
        return "", []
    match = QUESTION_WORD_PATTERN.search(context)
    if match is None or match.start() == 0:
        return "", []
    stop = re.search(r"[，,。；;！!？?\s]", context[match.end():])
    end = match.end() + stop.start() if stop else len(context)
    from .tokenization import salient_terms

    return context[match.start():end], salient_terms(context[match.start():end])[0]


def topic_names(question: str, is_known_name: Callable[[str], bool]) -> bool:
    """True when the question names something of its own: a romanized name, or a word the news knows as a name."""
    if not has_chinese(question):
        return bool(_NAME.search(question[1:] if question[:1].isupper() else question))
    return any(is_known_name(w) for w in words(question) if w not in STOPWORDS)


def chinese_terms(text: str, known: Callable[[str], bool], synonyms: Callable[[str], frozenset[str]]
                  ) -> tuple[list[str], list[Term]]:
    """(BM25 tokens, coverage terms) of a Chinese question. A word the news never uses is searched for by its
    synonyms that the news does use (员工 → 职工, 冠军 → 一等奖); coverage accepts a synonym for the word and for
    the bigrams inside it."""
    tokens = list(dict.fromkeys(tokenize_query(text)))
    extra: list[str] = []
    alternatives: dict[str, set[str]] = {}
    for word in dict.fromkeys(w for w in words(text) if w not in STOPWORDS):
        found = {s for s in synonyms(word) if known(s)}
        if not found:
            continue
        alternatives.setdefault(word, set()).update(found)
        for gram in _word_bigrams(word):
            alternatives.setdefault("#" + gram, set()).update(found)
        if not known(word):
            extra.extend(t for s in sorted(found) for t in tokenize(s))
    # A bigram across two words that the news never holds (兴那 of 大兴那个, 了第 of 拿了第一) asks for nothing: it
    # would only dilute the share of the question a passage covers.
    inside = {"#" + g for w in words(text) for g in _word_bigrams(w)}
    terms = [Term(token=t, alternatives=tuple(sorted(alternatives.get(t, ())))) for t in tokens
             if not t.startswith("#") or t in inside or known(t) or t in alternatives]
    return list(dict.fromkeys(tokens + extra)), terms


def _word_bigrams(word: str) -> list[str]:
    return [word] if len(word) == 1 else [word[i:i + 2] for i in range(len(word) - 1)]


HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]{0,200}>")
SCRIPT_BLOCK = re.compile(r"<(script|style)\b[^<>]{0,200}>.{0,2000}?</\1\s*>", re.I | re.S)  # and what they hold
ENGLISH_QUESTION_WORD = re.compile(r"\b(?:what|who|whom|whose|where|when|which|how|why)\b")
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def _is_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD naming a real month and day (2025-13-01 is not one)."""
    import datetime

    if not _DATE.match(text):
        return False
    year, month, day = (text.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Filters:
    """Which articles may answer: published in [since, until] (ISO dates, inclusive), from a source or publisher
    whose name contains `source`, or one article by id. Articles without a date fail a date filter."""

    since: str | None = None
    until: str | None = None
    source: str | None = None
    article: str | None = None

    @classmethod
    def parse(cls, value: "Filters | dict | None") -> "Filters | None":
        """A Filters from a dict (since, until, source, article); QueryError naming the bad key or value."""
        if value is None or isinstance(value, Filters):
            return value if value is None or value.active else None
        if not isinstance(value, dict):
            raise QueryError("filters must be an object with since, until, source or article")
        unknown = sorted(set(value) - {"since", "until", "source", "article"})
        if unknown:
            raise QueryError(f"unknown filter {unknown[0]!r}: use since, until, source or article")
        out = {}
        for key in ("since", "until", "source", "article"):
            item = value.get(key)
            if item is None or item == "":
                continue
            if not isinstance(item, str) or len(item) > 200:
                raise QueryError(f"filter {key!r} must be a short string")
            if key in ("since", "until") and not _is_date(item.strip()):
                raise QueryError(f"filter {key!r} must be a date like 2025-01-31, not {item!r}")
            out[key] = item.strip()
        if out.get("since") and out.get("until") and out["since"] > out["until"]:
            raise QueryError(f"filter since {out['since']} is after until {out['until']}")
        filters = cls(**out)
        return filters if filters.active else None

    @property
    def active(self) -> bool:
        """True when any filter is set."""
        return any((self.since, self.until, self.source, self.article))

    def admits(self, article_id: str, date: str | None, publisher: str | None, source: str) -> bool:
        """True when an article with this metadata passes every filter."""
        if self.article and article_id != self.article:
            return False
        if self.source and not (self.source in (publisher or "") or self.source in source):
            return False
        if self.since or self.until:
            if not date:
                return False
            day = date[:10]
            if self.since and day < self.since[:len(day)]:
                return False
            if self.until and day[:len(self.until)] > self.until:
                return False
        return True


def roles_asked(query: Query) -> list[str]:
    """The posts a question asks about (主席 of 工会主席是谁; 秘书长 of 秘书长呢 after 理事长是谁; chairman -> 主席)."""
    if not query.chinese:
        return [a for t in query.terms if t.token in ENGLISH_ROLES and t.token in query.own
                for a in t.alternatives if a.endswith(ROLE_SUFFIXES)]
    asked = focus_words(query.own) or (words(query.own) if query.followup else [])
    after = ROLE_AFTER_WHO.search(query.own)  # 谁做理事长, 谁当选了主席: the post after the question word
    return [w for w in asked + (words(after.group(1)) if after else []) if w.endswith(ROLE_SUFFIXES)]
