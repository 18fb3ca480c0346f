"""Logins for `qa serve`: scrypt-hashed credentials from a file or the environment, a login page with a signed
session cookie (and HTTP basic auth for programs), wrong logins throttled per address and logged."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import html
import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Callable, Iterable, Mapping
from urllib.parse import parse_qs, quote, urlsplit

from .errors import QAError

ENV_VAR = "QA_AUTH"  # "user:password" or "user:scrypt$…" lines (newline or ';' separated)
SECRET_ENV_VAR = "QA_SESSION_SECRET"  # keeps sessions valid across restarts when set
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
COOKIE = "unqa_session"
SESSION_SECONDS = 12 * 3600
FREE_TRIES = 5  # wrong logins from one address before delays begin
FIRST_DELAY, MAX_DELAY = 1.0, 900.0  # seconds; doubled on each further wrong login
log = logging.getLogger("qa.auth")


class AuthError(QAError):
    """Unusable credentials (a malformed auth file or variable)."""


def session_secret() -> bytes:
    """The key that signs session cookies: QA_SESSION_SECRET (sessions survive a restart), else random."""
    value = os.environ.get(SECRET_ENV_VAR)
    return value.encode("utf-8") if value else secrets.token_bytes(32)


# ---------- passwords ----------
def hash_password(password: str, salt: bytes | None = None) -> str:
    """scrypt$N$r$p$salt$hash (base64), for an auth file line `user:<this>`."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` matches an scrypt$… hash (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = encoded.split("$")
        if kind != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected), maxmem=256 * 1024 * 1024)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def parse_credentials(lines: Iterable[str], where: str) -> dict[str, str]:
    """{user: scrypt hash} from `user:hash` (or `user:password`, hashed now) lines; # comments and blanks skipped."""
    users: dict[str, str] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, secret = line.partition(":")
        if not sep or not user.strip() or not secret:
            raise AuthError(f"{where}:{number}: expected USER:PASSWORD-HASH (make one with: qa passwd USER)")
        users[user.strip()] = secret if secret.startswith("scrypt$") else hash_password(secret)
    return users


def load_credentials(auth_file: str | Path | None = None, env: Mapping[str, str] | None = None,
                     command_line: str | None = None) -> dict[str, str]:
    """Credentials from --auth-file, the QA_AUTH variable and (discouraged: `ps` shows it) --auth USER:PASSWORD."""
    env = os.environ if env is None else env
    users: dict[str, str] = {}
    if auth_file is not None:
        path = Path(auth_file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise AuthError(f"{path}: cannot read the auth file ({exc.strerror})") from None
        users.update(parse_credentials(text.splitlines(), str(path)))
        if not users:
            raise AuthError(f"{path}: no USER:PASSWORD-HASH lines")
    if env.get(ENV_VAR):
        users.update(parse_credentials(env[ENV_VAR].replace(";", "\n").splitlines(), ENV_VAR))
    if command_line:
        users.update(parse_credentials([command_line], "--auth"))
    return users


# ---------- throttling ----------
class Throttle:
    """Wrong logins per address: FREE_TRIES free, then a wait that doubles with each further failure (429 meanwhile)."""

    def __init__(self, free: int = FREE_TRIES, first_delay: float = FIRST_DELAY, max_delay: float = MAX_DELAY,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.free, self.first_delay, self.max_delay, self.clock = free, first_delay, max_delay, clock
        self._failures: dict[str, tuple[int, float]] = {}  # address -> (count, when the next try is allowed)
        self._lock = threading.Lock()

    def wait(self, address: str) -> float:
        """Seconds before `address` may try again (0: now)."""
        with self._lock:
            _, until = self._failures.get(address, (0, 0.0))
        return max(0.0, until - self.clock())

    def failed(self, address: str) -> float:
        """Count a wrong login; the wait it imposes."""
        now = self.clock()
        with self._lock:
            count, _ = self._failures.get(address, (0, 0.0))
            count += 1
            delay = 0.0 if count < self.free else min(self.max_delay, self.first_delay * 2 ** (count - self.free))
            self._failures[address] = (count, now + delay)
            if len(self._failures) > 10_000:  # forget addresses whose wait is long over
                self._failures = {a: v for a, v in self._failures.items() if v[1] + self.max_delay > now}
        return delay

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)

    def failures(self, address: str) -> int:
        with self._lock:
            return self._failures.get(address, (0, 0.0))[0]


# ---------- the gate ----------
class LoginGate:
    """ASGI middleware: /login and /logout, and a login required for the paths `protects(path)` says.

    A browser gets the login page and a signed, HttpOnly session cookie; programs may send HTTP basic auth
    (gradio_client's auth=(user, password) posts to /login and keeps the cookie). Wrong logins, by form or basic
    auth, are throttled per client address and logged.
    """

    def __init__(self, app, users: Mapping[str, str], protects: Callable[[str], bool],
                 secret: bytes | None = None, throttle: Throttle | None = None) -> None:
        self.app = app
        self.users = dict(users)
        self.protects = protects
        self.secret = secret or session_secret()
        self.throttle = throttle or Throttle()
        self._verified: dict[bytes, str] = {}  # digest of user:password -> user (scrypt once per credential)

    # -- credentials and sessions --
    def check(self, user: str, password: str, address: str) -> tuple[str | None, float]:
        """(user or None, seconds to wait before trying again); counts and logs wrong logins."""
        wait = self.throttle.wait(address)
        if wait > 0:
            log.warning("login refused for %r from %s: throttled for %.0f s more", user, address, wait)
            return None, wait
        key = hashlib.sha256(f"{user}\0{password}".encode("utf-8")).digest()
        known = self._verified.get(key)
        encoded = self.users.get(user)
        if known is None and encoded is not None and verify_password(password, encoded):
            known = self._verified.setdefault(key, user) if len(self._verified) < 1000 else user
        if known == user and encoded is not None:
            self.throttle.succeeded(address)
            return user, 0.0
        if encoded is None:  # spend the same time as a real check, so unknown names are not told apart
            verify_password(password, _DUMMY_HASH)
        wait = self.throttle.failed(address)
        log.warning("login failed for %r from %s (%d wrong in a row%s)", user, address, self.throttle.failures(address),
                    f"; next try in {wait:.0f} s" if wait else "")
        return None, wait

    def session_for(self, user: str) -> str:
        expires = int(time.time()) + SESSION_SECONDS
        payload = _b64(json.dumps([user, expires]).encode("utf-8"))
        return f"{payload}.{self._sign(payload)}"

    def session_user(self, cookie: str | None) -> str | None:
        if not cookie or "." not in cookie:
            return None
        payload, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign(payload)):
            return None
        try:
            user, expires = json.loads(base64.b64decode(payload))
        except (ValueError, TypeError):
            return None
        return user if isinstance(user, str) and user in self.users and expires > time.time() else None

    def _sign(self, payload: str) -> str:
        return hmac.new(self.secret, payload.encode("ascii"), hashlib.sha256).hexdigest()

    def user_of(self, headers: Mapping[str, str], address: str) -> tuple[str | None, float]:
        """Who a request is (session cookie, else basic auth), and the wait when basic auth was refused."""
        user = self.session_user(_cookies(headers.get("cookie", "")).get(COOKIE))
        if user:
            return user, 0.0
        authorization = headers.get("authorization", "")
        if authorization.lower().startswith("basic "):
            try:
                name, _, password = base64.b64decode(authorization[6:]).decode("utf-8").partition(":")
            except ValueError:
                name, password = "", ""
            return self.check(name, password, address)
        return None, 0.0

    # -- ASGI --
    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "/")
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        address = (scope.get("client") or ("unknown", 0))[0]
        if scope["type"] == "http" and path == "/login":
            return await self._login(scope, receive, send, headers, address)
        if scope["type"] == "http" and path == "/logout":
            return await _respond(send, 303, b"", [(b"location", b"login"), _cookie_header("", 0)])
        if not self.protects(path):
            return await self.app(scope, receive, send)
        if "authorization" in headers:  # basic auth: scrypt off the event loop
            user, wait = await asyncio.to_thread(self.user_of, headers, address)
        else:
            user, wait = self.user_of(headers, address)
        if user:
            scope.setdefault("state", {})["user"] = user
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        if wait > 0:
            return await _json(send, 429, {"detail": "too many wrong logins; try again later"},
                               [(b"retry-after", str(int(wait) + 1).encode())])
        if scope.get("method") == "GET" and "text/html" in headers.get("accept", ""):
            target = path + (("?" + scope["query_string"].decode("latin-1")) if scope.get("query_string") else "")
            return await _respond(send, 303, b"", [(b"location", f"login?next={quote(target, safe='')}".encode())])
        return await _json(send, 401, {"detail": "login required"}, [(b"www-authenticate", b'Basic realm="union-news-qa"')])

    async def _login(self, scope, receive, send, headers, address):
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        target = _safe_next((query.get("next") or ["./"])[0])
        if scope.get("method") != "POST":
            return await _html(send, 200, login_page(target))
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body") or len(body) > 16_384:
                break
        form = parse_qs(body.decode("utf-8", "replace"))
        user = (form.get("username") or [""])[0]
        password = (form.get("password") or [""])[0]
        target = _safe_next((form.get("next") or [target])[0])
        found, wait = await asyncio.to_thread(self.check, user, password, address)
        browser = "text/html" in headers.get("accept", "")
        if found:
            cookie = _cookie_header(self.session_for(found), SESSION_SECONDS,
                                    secure=headers.get("x-forwarded-proto") == "https" or scope.get("scheme") == "https")
            if browser:
                return await _respond(send, 303, b"", [(b"location", target.encode()), cookie])
            return await _json(send, 200, {"success": True}, [cookie])
        extra = [(b"retry-after", str(int(wait) + 1).encode())] if wait else []
        status = 429 if wait else 401
        message = f"登录太频繁，请 {int(wait) + 1} 秒后再试。Too many wrong logins: wait {int(wait) + 1} s." if wait \
            else "用户名或密码不对。Wrong user name or password."
        if browser:
            return await _html(send, status, login_page(target, message), extra)
        return await _json(send, status, {"detail": message}, extra)


_DUMMY_HASH = hash_password(secrets.token_hex(8))


def _safe_next(target: str) -> str:
    """A same-site relative path to go to after logging in (never another host)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//") or "\\" in target:
        return "./"
    return target.lstrip("/") or "./"


def _cookies(header: str) -> dict[str, str]:
    out = {}
    for piece in header.split(";"):
        name, sep, value = piece.strip().partition("=")
        if sep:
            out[name] = value
    return out


def _cookie_header(value: str, max_age: int, secure: bool = False) -> tuple[bytes, bytes]:
    flags = f"{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")
    return (b"set-cookie", flags.encode("latin-1"))


async def _respond(send, status: int, body: bytes, headers: list, content_type: bytes = b"text/plain") -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), *headers]})
    await send({"type": "http.response.body", "body": body})


async def _json(send, status: int, payload: dict, headers: list | None = None) -> None:
    await _respond(send, status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers or [],
                   b"application/json")


async def _html(send, status: int, page: str, headers: list | None = None) -> None:
    await _respond(send, status, page.encode("utf-8"), headers or [], b"text/html; charset=utf-8")


def login_page(target: str, message: str = "") -> str:
    """The login form (no script; the message and target are escaped)."""
    note = f'<p class="message" role="alert">{html.escape(message)}</p>' if message else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 · 工会新闻问答</title><style>
:root {{ color-scheme: light dark; }} body {{ font: 16px/1.6 system-ui, sans-serif; margin: 0; padding: 2rem 1rem;
background: #fff; color: #1a1a1a; }} @media (prefers-color-scheme: dark) {{ body {{ background: #16181d; color: #ececec; }}
input {{ background: #23252b; color: #ececec; }} .message {{ color: #ffb27a; }} }}
main {{ max-width: 22rem; margin: 0 auto; }} label {{ display: block; margin-top: .8rem; }}
input {{ width: 100%; box-sizing: border-box; font-size: 16px; padding: .4rem; border: 1px solid #767676; border-radius: 6px; }}
button {{ margin-top: 1rem; font-size: 16px; padding: .45rem 1.2rem; background: #0b5cad; color: #fff; border: 0;
border-radius: 6px; }} .message {{ color: #9b2c00; font-weight: 600; }}
</style></head><body><main><h1>工会新闻问答 · 登录</h1>{note}
<form method="post" action="login"><input type="hidden" name="next" value="{html.escape(target, quote=True)}">
<label for="username">用户名 User name</label><input id="username" name="username" autocomplete="username" required>
<label for="password">密码 Password</label><input id="password" name="password" type="password"
 autocomplete="current-password" required>
<button type="submit">登录 Log in</button></form></main></body></html>"""
