"""The chat page's own CSS and browser script (no user or news text in here: that is escaped in qa.render)."""

from __future__ import annotations

import json

from .api import MAX_QUESTION_CHARS

WARN_CHARS = MAX_QUESTION_CHARS - 200
STORAGE_KEY = "union-news-qa-conversation"

CHAT_CSS = """
:root { --unqa-fg: #1a1a1a; --unqa-muted: #4d4d4d; --unqa-bg: #ffffff; --unqa-user: #eef3fb; --unqa-bot: #f7f7f5;
  --unqa-mark: #fff0a8; --unqa-accent: #0b5cad; --unqa-answer: #7a1f00; --unqa-warn: #9b2c00; --unqa-border: #c9c9c9; }
.dark { --unqa-fg: #ececec; --unqa-muted: #c4c4c4; --unqa-bg: #16181d; --unqa-user: #1f2a3a; --unqa-bot: #23252b;
  --unqa-mark: #5c4a00; --unqa-accent: #8cc4ff; --unqa-answer: #ffb27a; --unqa-warn: #ffb27a; --unqa-border: #5a5a5a; }
.gradio-container { max-width: 56rem !important; padding: 0 !important; margin: 0 auto !important; }
.gradio-container .main.app { padding: 6px 8px !important; }
.chat-log:has(.welcome) { height: auto; min-height: 0; }
.gradio-container .main, .gradio-container .wrap { gap: 6px; }
#title h1 { font-size: 1.15rem; margin: 2px 0; line-height: 1.4; }
#title p { margin: 0; font-size: .85rem; color: var(--unqa-muted); }
#chat { padding: 0 !important; }
/* --unqa-log-h: set by the script below so that the question box, Ask and the counter stay on the screen */
.chat-log { height: var(--unqa-log-h, calc(100dvh - 280px)); min-height: 100px; overflow-y: auto;
  border: 1px solid var(--unqa-border); border-radius: 8px; padding: 6px 8px; background: var(--unqa-bg);
  color: var(--unqa-fg); scroll-behavior: smooth; font-size: 16px; line-height: 1.65; }
.chat-log .welcome p { color: var(--unqa-muted); margin: .4rem 0; }
.turn { margin: 0 0 14px; }
.msg { display: flex; gap: 8px; align-items: flex-start; border-radius: 8px; padding: 6px 8px; margin: 4px 0; }
.msg p { margin: 0; }
.msg.user { background: var(--unqa-user); }
.msg.bot { background: var(--unqa-bot); }
.msg .who { flex: none; font-weight: 700; font-size: .8rem; border-radius: 50%; width: 1.7rem; height: 1.7rem;
  display: inline-flex; align-items: center; justify-content: center; background: var(--unqa-accent);
  color: var(--unqa-bg); }
.msg.user p { white-space: pre-wrap; word-break: break-word; }
.reply { min-width: 0; flex: 1; }
.short-answer { font-size: 1.15rem; margin: 0 0 4px !important; }
.short-answer .label, .cite .label { font-size: .8rem; color: var(--unqa-muted); margin-right: 4px; }
.short-answer strong { color: var(--unqa-answer); background: var(--unqa-mark); padding: 0 3px; border-radius: 3px; }
.sentence { margin: 0 0 4px !important; }
.reply mark { background: var(--unqa-mark); color: var(--unqa-fg); padding: 0 1px; }
.reply .cite { margin: 2px 0 !important; font-size: .92rem; }
.reply .meta { color: var(--unqa-muted); font-size: .85rem; }
.cite-link { color: var(--unqa-accent) !important; text-decoration: underline; }
.not-found strong { color: var(--unqa-fg); }
.related-heading { font-size: .95rem; margin: 8px 0 2px; color: var(--unqa-fg); }
.passages summary { cursor: pointer; color: var(--unqa-accent); font-size: .92rem; padding: 2px 0; }
.passage-list { padding-left: 1.2rem; margin: 2px 0; }
.passage-list blockquote { margin: 2px 0 8px; padding-left: 8px; border-left: 3px solid var(--unqa-border); }
.tools { display: flex; gap: 6px; flex-wrap: wrap; margin-top: 4px; align-items: center; }
.tools button, .fb-form button { border: 1px solid var(--unqa-border); background: var(--unqa-bg); color: var(--unqa-fg);
  border-radius: 6px; padding: 1px 8px; font-size: .85rem; min-height: 28px; cursor: pointer; }
.tools button[aria-pressed="true"] { border-color: var(--unqa-accent); outline: 2px solid var(--unqa-accent); }
.fb-form { display: flex; gap: 6px; margin-top: 4px; }
.fb-form input { flex: 1; min-width: 0; border: 1px solid var(--unqa-border); border-radius: 6px; padding: 2px 6px;
  background: var(--unqa-bg); color: var(--unqa-fg); }
.fb-status { font-size: .85rem; color: var(--unqa-muted); }
.error { color: var(--unqa-warn); font-weight: 600; }
.typing { color: var(--unqa-muted); }
.typing .dots::after { content: "…"; animation: unqa-blink 1s steps(3, end) infinite; }
@keyframes unqa-blink { 0% { opacity: .2; } 50% { opacity: 1; } 100% { opacity: .2; } }
#char-count { font-size: .8rem; color: var(--unqa-muted); text-align: right; margin: -2px 4px 0; min-height: 1em; }
#char-count.warn { color: var(--unqa-warn); font-weight: 600; }
#examples-row { gap: 4px !important; flex-wrap: wrap; }
#examples-row button { flex: 0 1 auto !important; min-width: 0 !important; font-size: .8rem; padding: 2px 8px; }
/* a long question: the box grows to a bounded height, then scrolls inside; Ask keeps its size beside it */
#question textarea { font-size: 16px; max-height: min(8em, 20dvh) !important; overflow-y: auto !important; }
#ask { align-self: flex-end; min-height: 44px; }
.filters-used { font-size: .85rem; color: var(--unqa-muted); margin: 0 0 2px !important; }
.index-summary table { border-collapse: collapse; font-size: .9rem; }
.index-summary th, .index-summary td { border: 1px solid var(--unqa-border); padding: 2px 6px; text-align: left; }
.index-summary caption { text-align: left; font-weight: 600; }
.table-wrap { overflow-x: auto; }
.manage-note { font-weight: 600; }
#tabs > .tab-wrapper { margin-bottom: 2px; }
#tabs button[role="tab"] { color: var(--unqa-fg) !important; }
#tabs button[role="tab"][aria-selected="true"] { color: var(--unqa-accent) !important; font-weight: 600; }
footer, footer a, footer button, footer .divider { color: var(--unqa-muted) !important; }
.offscreen { position: absolute !important; left: -10000px !important; width: 1px !important; height: 1px !important;
  overflow: hidden !important; }
@media (max-width: 500px) { .chat-log { height: var(--unqa-log-h, calc(100dvh - 290px)); }
  #title p { display: none; } }
/* a phone on its side: room for the log (the counter says the limit once one types) */
@media (max-height: 500px) { #title p, #question .info-text { display: none; } }
"""

CHAT_JS = """
(() => {
  const LIMIT = %(limit)d, WARN = %(warn)d, MIN_LOG = 100;
  const $ = (sel, root) => (root || document).querySelector(sel);
  // The page is Chinese (Gradio sets <html lang> to the browser's locale for its own strings).
  const zh = () => { if (document.documentElement.lang !== "zh-CN") document.documentElement.lang = "zh-CN"; };
  zh();
  new MutationObserver(zh).observe(document.documentElement, {attributes: true, attributeFilter: ["lang"]});
  function counter() {
    const el = $("#char-count"), box = $("#question textarea");
    if (!el || !box) return;
    const n = box.value.length;
    const text = n > LIMIT ? `${n} / ${LIMIT}：超过 ${LIMIT} 字上限，请缩短 (over the ${LIMIT}-character limit)`
                     : n > WARN ? `${n} / ${LIMIT}：接近 ${LIMIT} 字上限 (near the limit)` : (n ? `${n} / ${LIMIT}` : "");
    if (el.textContent !== text) el.textContent = text;  // unchanged text is not rewritten (the observer sees writes)
    if (el.classList.contains("warn") !== n > WARN) el.classList.toggle("warn", n > WARN);
  }
  document.addEventListener("input", (e) => { if (e.target.closest && e.target.closest("#question")) counter(); });
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}[c]));
  }
  // Shown while the answer is on its way; the server's reply replaces the whole log.
  window.unqaTyping = (question) => {
    const log = $("#chat-log");
    if (!log || !String(question || "").trim()) return;
    const welcome = $(".welcome", log);
    if (welcome) welcome.remove();
    log.insertAdjacentHTML("beforeend", `<section class="turn pending"><div class="msg user"><span class="who" title="问题 Question">问</span>`
      + `<p>${escapeHtml(String(question).slice(0, 300))}</p></div><div class="msg bot typing" role="status">`
      + `<span class="who" title="回答 Answer">答</span><p>正在查找新闻 Searching the news<span class="dots"></span></p></div></section>`);
    log.scrollTop = log.scrollHeight;
    setTimeout(counter, 0);
  };
  let shown = "";
  function scrollToLatest() {
    const log = $("#chat-log");
    if (!log) return;
    const turns = log.querySelectorAll("section.turn:not(.pending)");
    const key = turns.length + ":" + log.innerHTML.length + ":" + log.clientHeight;  // a resized log: again
    if (key === shown) return;
    shown = key;
    const last = turns[turns.length - 1];
    if (!last) return;
    let top = last.offsetTop - log.offsetTop - 4;
    const error = $(".error", last);
    if (error) {  // an error under a long question: scrolled up to it, so the reason is seen, not hidden below
      const frame = log.getBoundingClientRect(), box = error.getBoundingClientRect();
      const errorTop = box.top - frame.top - log.clientTop + log.scrollTop;
      const errorBottom = box.bottom - frame.top - log.clientTop + log.scrollTop;
      top = Math.min(errorTop - 4, Math.max(top, errorBottom - log.clientHeight + 8));
    }
    log.scrollTop = top;
  }
  // The log is as tall as leaves the question box, the Ask button and the counter on the screen: a box grown by a
  // long question (to its max-height, then it scrolls inside) takes its height from the log, not from the page.
  function fit() {
    const log = $("#chat-log"), count = $("#char-count");
    if (!log || !count) return;
    const frame = log.getBoundingClientRect();
    const below = count.getBoundingClientRect().bottom - frame.bottom;
    const room = Math.floor(window.innerHeight - (frame.top + window.scrollY) - below - 6);
    const height = Math.max(MIN_LOG, room) + "px";
    const root = document.documentElement.style;
    if (root.getPropertyValue("--unqa-log-h") !== height) root.setProperty("--unqa-log-h", height);
  }
  let watched = null;
  function watch() {
    const box = $("#question"), count = $("#char-count");
    if (!box || !count || watched === box || !window.ResizeObserver) return;
    watched = box;
    const sized = new ResizeObserver(() => { fit(); scrollToLatest(); });
    sized.observe(box);
    sized.observe(count);
  }
  window.addEventListener("resize", () => { fit(); scrollToLatest(); });
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; counter(); watch(); fit(); scrollToLatest(); });
  }).observe(document.documentElement, {childList: true, subtree: true});
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select(); document.execCommand("copy"); area.remove();
    return Promise.resolve();
  }
  async function sendFeedback(turn, vote, comment) {
    const history = [];
    for (let t = turn.previousElementSibling; t; t = t.previousElementSibling) {
      if (t.dataset && t.dataset.answer !== undefined) history.unshift(t.dataset.question || "");
    }
    const body = {question: turn.dataset.question || "", answer: turn.dataset.answer || "",
                  citation: turn.dataset.citation || "", vote: vote, comment: comment || "",
                  history: history.slice(-5), amends: Boolean(comment)};
    const reply = await fetch("api/feedback", {method: "POST", headers: {"Content-Type": "application/json"},
                                               body: JSON.stringify(body), credentials: "same-origin"});
    return reply.ok;
  }
  function status(turn, text) {
    let el = turn.querySelector(".fb-status");
    if (!el) { el = document.createElement("span"); el.className = "fb-status"; el.setAttribute("role", "status");
               turn.querySelector(".tools").appendChild(el); }
    el.textContent = text;
  }
  document.addEventListener("click", async (e) => {
    const target = e.target.closest ? e.target : e.target.parentElement;
    const turn = target && target.closest("section.turn");
    const copy = target && target.closest(".copy-btn");
    if (copy && turn) {
      await copyText(turn.dataset.copy || "");
      window.unqaCopied = turn.dataset.copy || "";
      status(turn, "已复制 Copied");
      return;
    }
    const fb = target && target.closest(".fb-btn");
    if (fb && turn) {
      turn.querySelectorAll(".fb-btn").forEach((b) => b.setAttribute("aria-pressed", String(b === fb)));
      const ok = await sendFeedback(turn, fb.dataset.vote, "");
      status(turn, ok ? "谢谢反馈 Thanks" : "反馈未能保存 Not saved");
      if (ok && fb.dataset.vote === "down" && !turn.querySelector(".fb-form")) {
        turn.querySelector(".reply").insertAdjacentHTML("beforeend", `<form class="fb-form">`
          + `<label class="offscreen" for="fb-${turn.dataset.turn}">哪里不对？ What was wrong?</label>`
          + `<input id="fb-${turn.dataset.turn}" maxlength="1000" placeholder="哪里不对？（可选）What was wrong? (optional)">`
          + `<button type="submit">发送 Send</button></form>`);
      }
    }
  });
  document.addEventListener("submit", async (e) => {
    const form = e.target.closest && e.target.closest(".fb-form");
    if (!form) return;
    e.preventDefault();
    const turn = form.closest("section.turn");
    const ok = await sendFeedback(turn, "down", form.querySelector("input").value);
    form.remove();
    status(turn, ok ? "谢谢，已记下 Thanks, noted" : "反馈未能保存 Not saved");
  });
})();
""" % {"limit": MAX_QUESTION_CHARS, "warn": WARN_CHARS}

HEAD = f"<script>{CHAT_JS}</script>"


def theme():
    """Gradio's default theme with text and buttons at WCAG AA contrast (4.5:1) in light and dark mode."""
    import gradio as gr

    return gr.themes.Default(primary_hue="blue", neutral_hue="gray").set(
        block_info_text_color="*neutral_600", block_info_text_color_dark="*neutral_300",
        body_text_color_subdued="*neutral_600", body_text_color_subdued_dark="*neutral_300",
        input_placeholder_color="*neutral_500", input_placeholder_color_dark="*neutral_400",
        button_primary_background_fill="#0b5cad", button_primary_background_fill_hover="#084a8e",
        button_primary_background_fill_dark="#0b5cad", button_primary_background_fill_hover_dark="#084a8e",
        button_primary_text_color="#ffffff", button_primary_text_color_dark="#ffffff",
        button_secondary_text_color="*neutral_800", button_secondary_text_color_dark="*neutral_100",
    )


def typing_js(n_inputs: int, example: str | None = None) -> str:
    """An event's browser-side preprocess: show the question and a typing indicator at once, pass inputs on."""
    names = ", ".join(f"a{i}" for i in range(n_inputs))
    first = json.dumps(example, ensure_ascii=False) if example is not None else "a0"
    rest = "".join(f", a{i}" for i in range(1, n_inputs))
    return f"({names}) => {{ window.unqaTyping && window.unqaTyping({first}); return [{first}{rest}]; }}"
