"""A pinyin bridge for English questions: romanized names (Daxing, Haidian) matched to the news's Chinese words."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable, Iterable

from .lexicon import ENGLISH_STOPWORDS, ROMANIZED_PLACE_SUFFIXES, STOPWORDS, SURNAMES

_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
# English words that also spell valid pinyin; never treated as Chinese names.
_ENGLISH = frozenset("china hang long dang bang gang ping pang bing change".split())


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    """Every toneless pinyin syllable (from pypinyin over the CJK block; computed once)."""
    from pypinyin import lazy_pinyin

    return frozenset(p for code in range(0x4E00, 0x9FA6) for p in lazy_pinyin(chr(code)) if p.isalpha())


def romanize(word: str) -> list[str]:
    """Toneless pinyin readings of a Chinese word, syllables joined: 朝阳 -> [chaoyang, zhaoyang] (at most 8).

    pypinyin's own segmentation, then each segment's readings from a cache: the same readings as
    pypinyin.pinyin(word, heteronym=True) (equal on all 30,310 words of the seed and CMRC text) at 2.6x the speed.
    """
    from itertools import islice, product

    from pypinyin.seg.simpleseg import seg

    readings: list[tuple[str, ...]] = []
    for piece in seg(word):
        readings.extend(_readings(piece))
    return ["".join(combo).lower() for combo in islice(product(*readings), 8)]


@lru_cache(maxsize=200_000)
def _readings(piece: str) -> tuple[tuple[str, ...], ...]:
    """Each syllable's toneless readings, for one segment pypinyin would convert as a unit."""
    from pypinyin import Style, pinyin

    return tuple(tuple(syllable) for syllable in pinyin(piece, style=Style.NORMAL, heteronym=True))


def is_pinyin(word: str) -> bool:
    """True when the word splits into two or more pinyin syllables (Shanghai, Daxing, Anhui; not France, not one
    syllable: Gao, Qin). A one-letter syllable (a, e, o, n, m) only opens a name: Gao is not ga + o, Area not a + re + a."""
    word = word.lower()
    syllables = _syllables()
    best = [0] + [-1] * len(word)  # best[i]: most syllables covering word[:i] (-1: impossible)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if best[start] >= 0 and word[start:end] in syllables and (end - start > 1 or start == 0):
                best[end] = max(best[end], best[start] + 1)
    return best[len(word)] >= 2


@lru_cache(maxsize=1)
def _surname_readings() -> dict[str, tuple[str, ...]]:
    """Toneless reading -> the common surnames read so (qin -> 秦, 覃; gao -> 高)."""
    out: dict[str, list[str]] = {}
    for char in sorted(SURNAMES):
        for reading in romanize(char):
            out.setdefault(reading, []).append(char)
    return {key: tuple(chars) for key, chars in out.items()}


def build_map(words: Iterable[str], previous: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Romanization -> the Chinese words of the index that read that way (place suffixes also dropped).

    Readings already in `previous` (the last build's map) are reused instead of romanized again.
    """
    known: dict[str, list[str]] = {}
    for key, forms in (previous or {}).items():
        for form in forms:
            known.setdefault(form, []).append(key)
    mapping: dict[str, set[str]] = {}
    for word in set(words):
        if not _CJK_WORD.match(word):
            continue
        forms = {word}
        for suffix in ROMANIZED_PLACE_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                forms.add(word[: -len(suffix)])
        for form in forms:
            for key in known.get(form) or romanize(form):
                mapping.setdefault(key, set()).add(form)
    return {key: sorted(value) for key, value in sorted(mapping.items())}  # the same bytes on every build


def bridge(question: str, mapping: dict[str, list[str]], prefer: Callable[[str], bool] | None = None,
           adjoins: Callable[[str, str], bool] | None = None) -> tuple[list[str], list[str]]:
    """(Chinese words the question's romanized names stand for, romanized names the news never mentions).

    Consecutive capitalized words are tried joined first, longest first: "Wang Jingdong" -> wangjingdong -> 王敬东.
    Of homophones, those `prefer` picks are kept when there are any (Daxing: the place 大兴, not 大型 or 大姓).
    A surname the news writes apart from the given name (覃 + 秀英) is found through `adjoins(surname, word)`, which
    says whether the news writes the two side by side: Qin Xiuying -> 覃秀英.
    """
    found: list[str] = []
    missing: list[str] = []
    names = list(_NAME.finditer(question))
    runs: list[list[str]] = []
    for i, match in enumerate(names):
        adjacent = i > 0 and question[names[i - 1].end():match.start()] in (" ", "-")
        if adjacent:
            runs[-1].append(match.group(0))
        else:
            runs.append([match.group(0)])
    for run in runs:
        i = 0
        while i < len(run):
            surnames = _surname_readings().get(run[i].lower(), ()) if adjoins and len(run) > i + 1 else ()
            for j in range(len(run), i + 1, -1) if surnames else ():
                key = "".join(run[i + 1:j]).lower()
                named = [c + w for w in mapping.get(key, ()) for c in surnames if adjoins(c, w)]
                if named:
                    found.extend(named)
                    i = j
                    break
            else:
                named = []
            if named:
                continue
            for j in range(len(run), i, -1):
                key = "".join(run[i:j]).lower()
                if key in mapping:
                    words = mapping[key]
                    # a word read so in its common reading before one read so only by a rare one (Taoyuan: 桃园,
                    # not 姚远, whose 姚 pypinyin also reads tao)
                    common = [w for w in words if romanize(w)[:1] == [key]] if len(words) > 1 else []
                    words = common or words
                    preferred = [w for w in words if prefer(w)] if prefer and len(words) > 1 else []
                    found.extend(preferred or words)
                    i = j
                    break
            else:
                key = run[i].lower()
                if key not in _ENGLISH and key not in ENGLISH_STOPWORDS and key not in STOPWORDS and is_pinyin(key):
                    missing.append(run[i])
                i += 1
    return found, missing
