"""What the bot says when it does not answer, in the script the question was asked in (Simplified, Traditional, English)."""

from __future__ import annotations

import unicodedata

from .tokenization import has_chinese, to_simplified

SCRIPTS = ("zh-Hans", "zh-Hant", "en")
NOT_FOUND = {"zh-Hans": "新闻中没有找到这个问题的答案。", "zh-Hant": "新聞中沒有找到這個問題的答案。",
             "en": "The news does not answer this."}
NOT_FOUND_RELATED = {"zh-Hans": "新闻中没有找到这个问题的答案；以下是相关段落。", "zh-Hant": "新聞中沒有找到這個問題的答案；以下是相關段落。",
                     "en": "The news does not answer this; related passages below."}
RELATED_HEADING = {"zh-Hans": "相关段落（不是答案）", "zh-Hant": "相關段落（不是答案）", "en": "Related passages, not an answer"}


def script_of(question: str) -> str:
    """'en' for a question with no Chinese, 'zh-Hant' for one OpenCC would change (大興區…邊個), else 'zh-Hans'."""
    text = unicodedata.normalize("NFKC", question or "")
    if not has_chinese(text):
        return "en"
    return "zh-Hant" if to_simplified(text) != text else "zh-Hans"


def in_script(table: dict[str, str], question: str) -> str:
    """A message of `table` in the question's script, then in the other language (English after Chinese, Simplified
    Chinese after English)."""
    script = script_of(question)
    return f"{table['en']} {table['zh-Hans']}" if script == "en" else table[script] + table["en"]


def not_found(question: str, related: bool = True) -> str:
    """The not-found message for a question (新聞中沒有找到這個問題的答案… for a Traditional one); `related`: passages
    follow."""
    return in_script(NOT_FOUND_RELATED if related else NOT_FOUND, question)
