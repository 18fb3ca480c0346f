"""`.html` news pages: headline, body, date, publisher and URL; scripts, menus and footers left out."""

from __future__ import annotations

from qa.readers import expand_sources, parse_source
from tests.conftest import ROOT

PAGE = ROOT / "tests" / "data" / "news_page.html"


def test_a_saved_news_page_becomes_one_article_with_its_metadata():
    (article,), warnings = parse_source(PAGE.read_bytes(), "news/chuyi.html")
    assert warnings == [] and article.article_id == "chuyi#1" and article.title == "通州区举办职工厨艺大赛"
    assert (article.date, article.publisher, article.url) == ("2025-06-08", "工人日报",
                                                               "https://example.com/grrb/2025-06-08/chuyi.html")
    assert article.lead == "本报讯（记者 王芳）"
    assert article.paragraphs[1] == "经过激烈比拼，宋庄镇代表队的张师傅凭借一道“运河鱼头”获得金奖。"
    text = "\n".join(article.paragraphs)
    assert "不要" not in text and "首页" not in text and "版权所有" not in text


def test_pages_without_text_warn_and_html_files_are_found_in_folders(tmp_path):
    articles, warnings = parse_source(b"<html><script>x()</script></html>", "empty.html")
    assert articles == [] and warnings == ["empty.html: no article text found"]
    (tmp_path / "a.html").write_bytes(PAGE.read_bytes())
    (tmp_path / "b.htm").write_bytes(PAGE.read_bytes())
    (tmp_path / "c.css").write_text("p {}")
    assert [p.name for p in expand_sources([tmp_path])] == ["a.html", "b.htm"]


def test_a_javascript_url_is_not_kept():
    page = PAGE.read_bytes().replace(b"https://example.com/grrb/2025-06-08/chuyi.html", b"javascript:alert(1)")
    (article,), _ = parse_source(page, "x.html")
    assert article.url is None
