"""qa.auth: scrypt credentials from a file or the environment, throttled wrong logins, the login page and gate."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa import auth
from tests.conftest import ROOT, free_port
from tests.test_web import _post, _request, _wait_for


def test_passwords_are_hashed_with_scrypt_and_checked():
    encoded = auth.hash_password("s3cret")
    assert encoded.startswith("scrypt$16384$8$1$") and "s3cret" not in encoded
    assert auth.verify_password("s3cret", encoded) and not auth.verify_password("s3cret!", encoded)
    assert auth.hash_password("s3cret") != encoded  # salted
    assert not auth.verify_password("s3cret", "md5$abc") and not auth.verify_password("s3cret", "scrypt$x")


def test_credentials_come_from_a_file_and_the_environment(tmp_path):
    file = tmp_path / "users"
    file.write_text(f"# editors\nalice:{auth.hash_password('a1')}\n\n", encoding="utf-8")
    users = auth.load_credentials(file, env={"QA_AUTH": "bob:b2;carol:" + auth.hash_password("c3")})
    assert set(users) == {"alice", "bob", "carol"} and all(h.startswith("scrypt$") for h in users.values())
    assert auth.verify_password("b2", users["bob"])
    file.write_text("alice\n", encoding="utf-8")
    with pytest.raises(auth.AuthError, match=r"users:1: expected USER:PASSWORD-HASH"):
        auth.load_credentials(file, env={})
    with pytest.raises(auth.AuthError, match="cannot read"):
        auth.load_credentials(tmp_path / "missing", env={})
    assert auth.load_credentials(None, env={}) == {}


def test_wrong_logins_are_free_five_times_then_wait_longer_each_time():
    now = [1000.0]
    throttle = auth.Throttle(clock=lambda: now[0])
    assert [throttle.failed("1.2.3.4") for _ in range(4)] == [0.0] * 4 and throttle.wait("1.2.3.4") == 0
    assert [throttle.failed("1.2.3.4") for _ in range(4)] == [1.0, 2.0, 4.0, 8.0]
    assert throttle.wait("1.2.3.4") == 8.0 and throttle.wait("5.6.7.8") == 0  # per address
    now[0] += 8
    assert throttle.wait("1.2.3.4") == 0
    for _ in range(30):
        throttle.failed("1.2.3.4")
    assert throttle.wait("1.2.3.4") == auth.MAX_DELAY
    throttle.succeeded("1.2.3.4")
    assert throttle.wait("1.2.3.4") == 0 and throttle.failures("1.2.3.4") == 0


def test_the_next_page_after_login_stays_on_this_site():
    for target, safe in (("article?id=a", "article?id=a"), ("/manage", "manage"), ("https://evil.example/", "./"),
                         ("//evil.example/x", "./"), ("javascript:alert(1)", "./"), ("", "./")):
        assert auth._safe_next(target) == safe


@pytest.fixture(scope="module")
def guarded(seed_index, tmp_path_factory):
    """`qa serve --auth-file`: alice's password never on the command line."""
    users = tmp_path_factory.mktemp("auth") / "users"
    users.write_text(f"alice:{auth.hash_password('s3cret')}\n", encoding="utf-8")
    port = free_port()
    log = users.with_name("server.log")
    with open(log, "w", encoding="utf-8") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "qa", "serve", "--index", str(seed_index), "--port", str(port),
                                 "--auth-file", str(users)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
                                text=True, env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    url = f"http://127.0.0.1:{port}/"
    _wait_for(url + "login", proc)
    proc.log = log
    yield url, proc
    proc.terminate()
    proc.wait(timeout=30)


def test_the_chat_api_and_gradio_client_need_the_login(guarded):
    from gradio_client import Client
    from gradio_client.exceptions import AuthenticationError

    url, proc = guarded
    assert b"s3cret" not in Path(f"/proc/{proc.pid}/cmdline").read_bytes()
    assert _post(url, {"question": "工会"})[0] == 401
    assert _post(url, {"question": "朝阳区总工会主席是谁？"}, auth="alice:s3cret")[0] == 200
    assert _request(url, "article?id=x", method="GET", content_type=None)[0] == 401
    with pytest.raises(AuthenticationError):
        Client(url, verbose=False)
    client = Client(url, auth=("alice", "s3cret"), verbose=False)
    assert "张克斌" in client.predict("朝阳区总工会主席是谁？", 1, api_name="/ask")["answer"]
    assert len(client.predict("朝阳区总工会主席是谁？", [], api_name="/chat")[1]) == 1


def test_fifty_wrong_passwords_are_throttled_and_logged(guarded):
    import urllib.error
    import urllib.request

    url, proc = guarded
    statuses, waits = [], []
    for _ in range(50):
        request = urllib.request.Request(url + "login", data=b"username=alice&password=guess", method="POST")
        try:
            urllib.request.urlopen(request, timeout=30)
            statuses.append(200)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
            waits.append(int(exc.headers.get("Retry-After") or 0))
    assert statuses[:4] == [401] * 4 and statuses[4] == 429 and set(statuses[5:]) == {429}
    assert waits[4] >= 1
    # the right password waits too, until the delay is over; then it is accepted and the count starts again
    request = urllib.request.Request(url + "login", data=b"username=alice&password=s3cret", method="POST")
    with pytest.raises(urllib.error.HTTPError, match="429"):
        urllib.request.urlopen(request, timeout=30)
    deadline = time.time() + 10
    while True:
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                assert reply.status == 200 and "unqa_session=" in reply.headers["Set-Cookie"]
                break
        except urllib.error.HTTPError as exc:
            assert exc.code == 429 and time.time() < deadline
            time.sleep(float(exc.headers["Retry-After"]))
    log = proc.log.read_text(encoding="utf-8")  # written before each reply
    assert "login failed for 'alice' from 127.0.0.1 (1 wrong in a row)" in log
    assert "(5 wrong in a row; next try in 1 s)" in log and "throttled" in log


def test_a_browser_logs_in_on_the_login_page_and_then_chats(guarded):
    from playwright.sync_api import sync_playwright

    from tests.test_web import CHROMIUM_ARGS

    url, _ = guarded
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "article?id=x&p=1")
        assert "/login?next=" in page.url and page.evaluate("document.documentElement.lang") == "zh-CN"
        page.fill("#username", "alice")
        page.fill("#password", "nope")
        page.click("button[type=submit]")
        assert "用户名或密码不对" in page.inner_text("[role=alert]")
        page.fill("#username", "alice")
        page.fill("#password", "s3cret")
        page.click("button[type=submit]")
        page.wait_for_url("**/article?id=x&p=1")  # back where it was going (no such article: a 404 page)
        page.goto(url)
        box = page.wait_for_selector("#question textarea", timeout=60_000)
        box.fill("朝阳区总工会主席是谁？")
        box.press("Enter")
        page.wait_for_selector("#chat-log section.turn:not(.pending) .short-answer", timeout=60_000)
        page.goto(url + "logout")
        assert "/login" in page.url
        browser.close()


def test_open_chat_leaves_the_chat_open_and_management_behind_the_login(seed_index, monkeypatch):
    from tests.test_web import _serve

    monkeypatch.setenv("QA_AUTH", "alice:s3cret")  # from the environment, not the command line
    with _serve(seed_index, "--open-chat") as url:
        assert _post(url, {"question": "工会"})[0] == 200
        assert _request(url, "api/manage/status", method="GET", content_type=None)[0] == 401
        assert _request(url, "api/manage/status", method="GET", content_type=None, auth="alice:s3cret")[0] != 401
