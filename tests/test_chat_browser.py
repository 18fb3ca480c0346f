"""A user's path through the served chat in a real browser (Debian chromium driven by Playwright)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa import NewsQA, feedback
from qa.web import TOO_LONG_ECHO_CHARS
from tests.conftest import DAXING_TITLE, ROOT
from tests.test_web import CHROMIUM_ARGS, EVIL_PAGE, _serve

SCREENSHOTS = ROOT / "tests" / "screenshots"
PHONE, DESKTOP = (390, 844), (1280, 800)
DAXING = "大兴区职工知识竞赛谁获得了一等奖？"
ARCHIVE = {"id": "bjrb-2025-0301", "title": "海淀区举办职工乒乓球比赛", "date": "2025-03-01", "source": "北京日报",
           "url": "https://example.com/bjrb/2025-0301.html",
           "text": "3月1日，海淀区总工会举办职工乒乓球比赛，来自40家单位的120名职工参赛。\n"
                   "经过两天的角逐，中关村街道代表队获得团体冠军，李明获得男子单打冠军。\n"
                   "区总工会负责人表示，将持续开展职工文体活动。"}
TURNS = "document.querySelectorAll('#chat-log section.turn:not(.pending)').length"


@pytest.fixture(scope="module")
def chat_index(tmp_path_factory) -> Path:
    """An index of the seed page, a hostile page and a JSONL article with date, publisher and URL."""
    news = tmp_path_factory.mktemp("news")
    shutil.copy(ROOT / "seeds" / "000_31f1b2df397274cc.txt", news / "000.txt")
    (news / "evil.txt").write_text(EVIL_PAGE, encoding="utf-8")
    (news / "archive.jsonl").write_text(json.dumps(ARCHIVE, ensure_ascii=False) + "\n", encoding="utf-8")
    index = tmp_path_factory.mktemp("chat") / "embeddings"
    NewsQA.build([news], out=index)
    return index


@pytest.fixture(scope="module")
def chat_url(chat_index):
    """`qa serve` over chat_index."""
    with _serve(chat_index) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, chat_url, request):
    """A fresh browser context (its own localStorage) on the chat, phone-sized unless the test says otherwise."""
    width, height = getattr(request, "param", PHONE)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.add_init_script("window.__xss = undefined; window.alert = () => { window.__xss = 'alert'; };")
    page.goto(chat_url)
    page.wait_for_selector("#question textarea", timeout=60_000)
    yield page
    context.close()


def _turns(page) -> int:
    return page.evaluate(TURNS)


def _ask(page, question: str) -> None:
    """Type a question, press Enter, wait until its answer is in the log."""
    expected = _turns(page) + 1
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    page.wait_for_function(f"{TURNS} === {expected}", timeout=60_000)


def _last(page, selector: str):
    return page.locator("#chat-log section.turn:not(.pending)").last.locator(selector)


def _in_viewport(locator) -> bool:
    return locator.evaluate("el => { const r = el.getBoundingClientRect();"
                            " return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }")


@pytest.mark.parametrize("page", [PHONE, DESKTOP], ids=["390x844", "1280x800"], indirect=True)
def test_the_short_answer_and_its_citation_are_on_the_first_screen(page):
    _ask(page, DAXING)
    short, cite = _last(page, ".short-answer strong"), _last(page, ".reply > .cite")
    assert short.inner_text() == "瀛海镇总工会代表队"
    assert _in_viewport(short) and _in_viewport(cite)
    assert f"《{DAXING_TITLE}》 第4段" in cite.inner_text()
    assert not _last(page, "details.passages").evaluate("el => el.open")  # passages collapsed below it
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"chat-{width}x{height}.png"))


def test_a_citation_opens_the_article_with_the_paragraph_highlighted_and_in_view(page):
    _ask(page, "海淀区乒乓球比赛谁获得男子单打冠军？")
    cite = _last(page, ".reply > .cite")
    assert "2025-03-01" in cite.inner_text() and "北京日报" in cite.inner_text()
    with page.context.expect_page() as opened:
        cite.locator("a.cite-link").click()
    article = opened.value
    article.wait_for_load_state()
    current = article.locator('[aria-current="true"]')
    assert "李明获得男子单打冠军" in current.inner_text()
    assert "李明获得男子单打冠军" in current.locator("mark").first.inner_text()
    assert article.locator("h1").inner_text() == ARCHIVE["title"]
    header = article.locator("header").inner_text()
    assert "2025-03-01" in header and "北京日报" in header and ARCHIVE["url"] in header and "archive.jsonl" in header
    article.wait_for_function("(() => { const r = document.querySelector('[aria-current=\"true\"]')"
                              ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()")
    assert article.evaluate("document.documentElement.lang") == "zh-CN"
    article.close()


def test_a_follow_up_is_answered_in_context_and_the_conversation_survives_a_reload(page):
    _ask(page, DAXING)
    _ask(page, "二等奖呢？")
    assert "青云店镇" in _last(page, ".short-answer").inner_text()
    page.reload()
    page.wait_for_function(f"{TURNS} === 2", timeout=60_000)
    assert "二等奖呢？" in page.inner_text("#chat-log")
    _ask(page, "三等奖呢？")  # the restored conversation is still the context
    assert "采育镇" in _last(page, ".short-answer").inner_text()
    page.click("#new-conversation")
    page.wait_for_function(f"{TURNS} === 0 && document.querySelector('#chat-log .welcome') !== null")
    page.reload()
    page.wait_for_selector("#chat-log .welcome")
    assert _turns(page) == 0


def test_an_example_click_asks_at_once(page):
    page.locator("#examples-row button", has_text="朝阳区总工会主席是谁？").click()
    page.wait_for_function(f"{TURNS} === 1", timeout=60_000)
    assert "张克斌" in _last(page, ".short-answer").inner_text()


def test_enter_sends_and_shift_enter_starts_a_new_line(page):
    box = page.locator("#question textarea")
    box.click()
    page.keyboard.type("朝阳区总工会")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("主席是谁？")
    assert box.input_value() == "朝阳区总工会\n主席是谁？" and _turns(page) == 0
    page.keyboard.press("Enter")
    page.wait_for_function(f"{TURNS} === 1", timeout=60_000)
    assert box.input_value() == ""


def test_an_empty_question_is_told_in_a_toast_and_leaves_the_log_alone(page):
    box = page.locator("#question textarea")
    box.fill("   ")
    box.press("Enter")
    page.wait_for_selector("text=Type a question first", timeout=30_000)
    assert _turns(page) == 0


def test_the_counter_warns_before_the_limit_and_a_longer_question_is_refused_out_loud(page):
    box = page.locator("#question textarea")
    box.fill("工" * 1900)
    page.wait_for_function("document.querySelector('#char-count').classList.contains('warn')")
    assert "1900 / 2000" in page.inner_text("#char-count")
    box.fill("工" * 2001)
    page.wait_for_function("document.querySelector('#char-count').textContent.includes('超过')")
    box.press("Enter")
    page.wait_for_function(f"{TURNS} === 1", timeout=60_000)
    assert "2001 字，超过 2000 字的上限" in _last(page, ".error").inner_text()
    assert box.input_value() == "工" * 2001  # kept, to be shortened


# Whether an element is wholly on the screen: inside the viewport and inside every box that clips it (the chat log
# scrolls, so a message can be in the viewport's area yet scrolled out of the log's sight).
ON_SCREEN = """sel => { const el = [...document.querySelectorAll(sel)].pop(); if (!el) return false;
  const r = el.getBoundingClientRect(); if (r.width <= 0 || r.height <= 0) return false;
  if (r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    const s = getComputedStyle(a);
    if (!/auto|scroll|hidden|clip/.test(s.overflowX + s.overflowY)) continue;
    const b = a.getBoundingClientRect();
    if (r.top < b.top - 1 || r.bottom > b.bottom + 1 || r.left < b.left - 1 || r.right > b.right + 1) return false;
  }
  return true; }"""
BOX = """sel => { const el = [...document.querySelectorAll(sel)].pop(); if (!el) return null;
  const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom].map(Math.round); }"""
TOO_LONG = "工会" * 1250  # 2,500 characters, pasted
SMALL_PHONE, PHONE_ON_ITS_SIDE = (320, 568), (844, 390)


def _wait_on_screen(page, *selectors: str) -> None:
    """Wait until each selector's last match is wholly on the screen; else fail with the boxes measured."""
    condition = f"(() => {json.dumps(list(selectors))}.every({ON_SCREEN}))()"
    try:
        page.wait_for_function(condition, timeout=10_000)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: said with the boxes, which tell why
        boxes = {sel: page.evaluate(BOX, sel) for sel in selectors}
        size = page.viewport_size
        pytest.fail(f"not on the {size['width']}x{size['height']} screen (boxes left, top, right, bottom): {boxes}")


@pytest.mark.parametrize("page", [SMALL_PHONE, PHONE, PHONE_ON_ITS_SIDE, DESKTOP],
                         ids=["320x568", "390x844", "844x390", "1280x800"], indirect=True)
def test_a_pasted_overlong_question_keeps_the_ask_button_and_the_reason_on_screen(page):
    page.wait_for_selector("#ask")
    box = page.locator("#question textarea")
    box.fill(TOO_LONG)
    page.wait_for_function("document.querySelector('#char-count').textContent.includes('超过')")
    # The box grows to a bounded height and scrolls inside itself; the button and the counter's warning stay in view.
    _wait_on_screen(page, "#question textarea", "#ask", "#char-count")
    assert "2500 / 2000" in page.inner_text("#char-count")
    assert page.evaluate("document.querySelector('#char-count').classList.contains('warn')")
    inner = box.evaluate("el => [el.clientHeight, el.scrollHeight, getComputedStyle(el).overflowY]")
    assert inner[0] <= page.viewport_size["height"] * 0.25 and inner[1] > inner[0] and inner[2] in ("auto", "scroll")
    page.locator("#ask").click()
    page.wait_for_function(f"{TURNS} === 1", timeout=60_000)
    # The server's refusal is in sight in the log, the button still under the thumb, the page not scrolled.
    _wait_on_screen(page, "#chat-log section.turn .error", "#ask", "#char-count")
    assert "2500 字，超过 2000 字的上限" in _last(page, ".error").inner_text()
    assert _last(page, ".msg.user p").inner_text() == TOO_LONG[:TOO_LONG_ECHO_CHARS] + "…"  # its start; all stays in the box
    assert box.input_value() == TOO_LONG and page.evaluate("scrollY") == 0
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"too-long-{width}x{height}.png"))
    # Shortened, it is answered, with the answer and the button on the same screen.
    box.fill(DAXING)
    page.wait_for_function("!document.querySelector('#char-count').classList.contains('warn')")
    _wait_on_screen(page, "#question textarea", "#ask")
    page.locator("#ask").click()
    page.wait_for_function(f"{TURNS} === 2", timeout=60_000)
    assert _last(page, ".short-answer strong").inner_text() == "瀛海镇总工会代表队"
    _wait_on_screen(page, "#chat-log section.turn .short-answer strong", "#ask", "#question textarea")
    assert box.input_value() == "" and page.evaluate("scrollY") == 0


def test_no_markdown_marks_beside_chinese_quotation_marks(page):
    _ask(page, "知识竞赛以什么为契机？")
    text = page.inner_text("#chat-log")
    assert "契机" in text and "**" not in text


def test_the_copy_button_copies_plain_text_with_the_citation(page):
    _ask(page, DAXING)
    _last(page, ".copy-btn").click()
    page.wait_for_function("window.unqaCopied !== undefined")
    copied = page.evaluate("window.unqaCopied")
    assert "答：瀛海镇总工会代表队" in copied and f"出处：《{DAXING_TITLE}》 第4段" in copied
    assert "<" not in copied and "**" not in copied


def test_hostile_news_and_questions_show_as_text_and_run_nothing(page):
    _ask(page, "安全测试段落职工技能比武冠军是谁<img src=x onerror=\"window.__xss=4\">${alert(5)}")
    log = page.text_content("#chat-log")
    assert "<script>window.__xss=1</script>" in log and "[点我](javascript:window.__xss=3)" in log
    assert "${alert(5)}" in log
    assert page.locator("#chat-log script").count() == 0 and page.locator("#chat-log img").count() == 0
    assert page.locator("#chat-log a[href^='javascript']").count() == 0
    _last(page, "details.passages summary").click()
    assert page.evaluate("window.__xss") is None


def test_a_thumbs_down_with_a_comment_is_written_to_the_feedback_log(page, chat_index):
    log = feedback.log_path(chat_index)
    before = len(feedback.read(log)) if log.exists() else 0
    _ask(page, "朝阳区总工会主席是谁？")
    _ask(page, "他还担任什么职务？")
    _last(page, ".fb-btn[data-vote='down']").click()
    comment = _last(page, ".fb-form input")
    comment.fill("没有回答职务")
    comment.press("Enter")
    page.wait_for_function("document.querySelector('#chat-log section.turn:last-of-type .fb-status')"
                           ".textContent.includes('已记下')")
    entries = feedback.read(log)[before:]
    assert [(e["vote"], e["amends"]) for e in entries] == [("down", False), ("down", True)]
    assert entries[0]["question"] == "他还担任什么职务？" and entries[0]["history"] == ["朝阳区总工会主席是谁？"]
    assert entries[1]["comment"] == "没有回答职务" and entries[0]["time"].endswith("Z")
    last_turn = page.locator("#chat-log section.turn:not(.pending)").last
    assert entries[0]["answer"] == last_turn.get_attribute("data-answer") != ""
    review = feedback.review_questions(feedback.read(log))
    assert {"question": "他还担任什么职务？", "downvotes": 1, "comments": ["没有回答职务"]}.items() <= \
        next(q for q in review if q["question"] == "他还担任什么职务？").items()


CONTRAST = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_meets_wcag_aa_contrast_and_controls_have_labels(browser, chat_url, scheme):
    context = browser.new_context(viewport={"width": DESKTOP[0], "height": DESKTOP[1]}, color_scheme=scheme)
    page = context.new_page()
    page.goto(chat_url)
    page.wait_for_selector("#question textarea", timeout=60_000)
    _ask(page, DAXING)
    _ask(page, "上海市总工会主席是谁？")  # an abstention and its related passages too
    page.locator("#chat-log details.passages summary").first.click()
    _last(page, ".fb-btn[data-vote='down']").click()
    _last(page, ".fb-form").wait_for()
    assert page.evaluate("document.body.classList.contains('dark')") == (scheme == "dark")
    assert page.evaluate(CONTRAST) == []  # every visible text run: ratio >= 4.5 (3 for large text)
    assert page.get_by_role("textbox", name="问题 Question").count() == 1
    assert page.get_by_role("button", name="提问 Ask").count() == 1
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    context.close()


def test_filters_choose_the_articles_that_may_answer(page):
    page.click("#filters button, #filters .label-wrap")
    page.locator("#source input").fill("北京日报")
    page.locator("#since textarea, #since input").first.fill("2025-01-01")
    _ask(page, "谁获得了冠军？")
    assert "北京日报" in _last(page, ".reply > .cite").inner_text()
    assert "2025-01-01 – … · 北京日报" in _last(page, ".filters-used").inner_text()
    page.locator("#until textarea, #until input").first.fill("2024-12-31")
    _ask(page, "谁获得了冠军？")
    assert "2025-01-01 is after until 2024-12-31" in _last(page, ".error").inner_text()


def test_a_typing_indicator_shows_while_the_answer_is_on_its_way(page):
    held = []

    def hold_the_question(route) -> None:
        # The question waits here; other queue events (the page's own refreshes on load) go through.
        if DAXING in json.dumps(json.loads(route.request.post_data or "{}"), ensure_ascii=False):
            held.append(route)
        else:
            route.continue_()

    page.route("**/gradio_api/queue/join*", hold_the_question)
    box = page.locator("#question textarea")
    box.fill(DAXING)
    box.press("Enter")
    page.wait_for_function("document.querySelector('#chat-log .typing[role=status]') !== null")
    assert DAXING in page.inner_text("#chat-log section.pending") and _turns(page) == 0
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function(f"{TURNS} === 1", timeout=60_000)
    assert page.locator("#chat-log .typing").count() == 0
