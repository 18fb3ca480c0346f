"""Near misses told by contrast: the clause that answers names another prize rank, stage, group or person than asked."""

from __future__ import annotations

from .chunking import sentence_holding
from .lexicon import CONTEST_GROUP, CONTEST_STAGES, PRIZE_RANKS, SHARED_ENDING, WIN_QUESTION
from .tokenization import clause_bounds, normalize


def _spelled_out(text: str) -> str:
    """二、三等奖 -> 二等奖、三等奖; 男、女子组 -> 男子组、女子组."""
    return SHARED_ENDING.sub(lambda m: f"{m.group(1)}{m.group(2)}、", normalize(text))


def _members(text: str, sets: tuple[tuple[str, ...], ...]) -> set[int]:
    """Which members of `sets` (prize ranks, contest stages) the text names."""
    text = text.replace("半决赛", "复赛")
    return {i for i, names in enumerate(sets) if any(n in text for n in names)}


def _groups(text: str) -> list[str]:
    return [m.group(0) for m in CONTEST_GROUP.finditer(text)]


def _same_group(asked: str, told: str) -> bool:
    """女子组 asked is 半马女子组 told (one ends the other); 男子组 is not 女子组."""
    return asked.endswith(told) or told.endswith(asked) or asked[-3:] == told[-3:]


def other_member(asked: str, text: str, at: int) -> str | None:
    """'<二等奖>' / '<决赛>' / '<女子组>' when `asked` (the question, normalized) names one prize rank or contest stage,
    or the group of a prize asked about, and the clause of `text` holding offset `at` names another and not it (else
    the clause's sentence, when the clause names neither). None when the answer's clause or sentence names what was
    asked, or nothing of the kind."""
    sentence = sentence_holding(text, at, (0, len(text)))
    scopes = [_spelled_out(text[slice(*clause_bounds(text, at))]), _spelled_out(text[slice(*sentence)])]
    ranks = _members(asked, PRIZE_RANKS)
    for sets, members in ((PRIZE_RANKS, ranks), (CONTEST_STAGES, _members(asked, CONTEST_STAGES))):
        if len(members) != 1:
            continue
        member = next(iter(members))
        for scope in scopes:
            told = _members(scope, sets)
            if member in told:
                break
            if told:
                return f"<{sets[member][0]}>"
    groups = _groups(_spelled_out(asked)) if ranks or WIN_QUESTION.search(asked) else []
    for scope in scopes if groups else ():
        told = _groups(scope)
        if any(_same_group(group, g) for group in groups for g in told):
            break
        if told:
            return f"<{groups[0]}>"
    return None


def other_person(asked: list[str], passage: str) -> str | None:
    """'<name>' when the passage that answers names none of the people `asked` about (今年28岁的区嘉欣说, in a
    paragraph about 区嘉欣, for 梁卓轩几岁); None when it names one of them, or none was asked about."""
    text = normalize(passage)
    if not asked or any(p in text for p in asked):
        return None
    return f"<{asked[0]}>"
