"""Access token, host check, CSRF and response headers of the review workspace.

* **Token** (``--token`` / ``$SCORER_TOKEN``, required when binding anything but loopback):
  every request carries it — ``Authorization: Bearer T``, ``X-Scorer-Token: T``, or the
  ``scorer_token`` cookie that opening ``/?token=T`` once sets (the URL is then redirected
  without it). Anything else gets 401 and a Chinese page; compared in constant time.
* **Host**: on a loopback bind only loopback host names are served (a page of another site
  cannot reach the server through DNS rebinding).
* **CSRF**: a random ``scorer_csrf`` cookie (SameSite=Strict) is set on the first page; every
  form carries the same value in a hidden ``csrf`` field (double submit), and a POST whose
  Origin is another site is refused before its body is read.
* **Headers**: a Content-Security-Policy that allows only this server's own scripts and
  styles (everything is vendored into the package), no framing, no referrer to other sites.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers

TOKEN_COOKIE = "scorer_token"
CSRF_COOKIE = "scorer_csrf"
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")  # fmt: skip
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


def _cookies(headers: Headers) -> dict[str, str]:
    out = {}
    for part in headers.get("cookie", "").split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def _page(status: int, title: str, text: str) -> bytes:
    import html

    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'</head><body><h1>{html.escape(title)}</h1><p class="refusal">{html.escape(text)}</p></body></html>'
            ).encode("utf-8")  # fmt: skip


class Guard:
    """ASGI middleware: token, host, same-origin POSTs and security headers."""

    def __init__(self, app, token: str | None = None, allowed_hosts: set[str] | None = None):
        self.app, self.token, self.allowed_hosts = app, token or None, allowed_hosts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        host = headers.get("host", "").rsplit(":", 1)[0] if not headers.get("host", "").startswith("[") \
            else headers.get("host", "").split("]")[0] + "]"
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            return await self._refuse(send, 400, "主机名不被接受", f"此服务只接受这些主机名：{'、'.join(sorted(self.allowed_hosts))}")
        if self.token:
            query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
            given = _bearer(headers) or headers.get("x-scorer-token") or _cookies(headers).get(TOKEN_COOKIE, "")
            if query.get("token") and hmac.compare_digest(query["token"].encode(), self.token.encode()):
                rest = urlencode([(k, v) for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1"))
                                  if k != "token"])  # fmt: skip
                location = scope["path"] + (f"?{rest}" if rest else "")
                cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
                await send({"type": "http.response.start", "status": 303,
                            "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode()), *HEADERS]})
                return await send({"type": "http.response.body", "body": b""})
            if not given or not hmac.compare_digest(given.encode(), self.token.encode()):
                return await self._refuse(send, 401, "需要访问令牌",
                                          "此服务需要访问令牌：请使用管理员给出的链接（…/?token=…）打开，"
                                          "或在请求头 Authorization: Bearer 中提供令牌。")  # fmt: skip
        if scope["method"] == "POST" and not same_origin(headers):
            return await self._refuse(send, 403, "请求被拒绝", "跨站提交的表单被拒绝 (cross-site request refused)")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)

    async def _refuse(self, send, status: int, title: str, text: str):
        body = _page(status, title, text)
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/html; charset=utf-8"), *HEADERS]})
        await send({"type": "http.response.body", "body": body})


def _bearer(headers: Headers) -> str:
    auth = headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else ""


def same_origin(headers: Headers) -> bool:
    """False when the browser says the request comes from another site (Origin / Sec-Fetch-Site)."""
    site = headers.get("sec-fetch-site")
    if site and site not in ("same-origin", "none"):
        return False
    origin = headers.get("origin")
    if origin and origin != "null":
        return urlsplit(origin).netloc == headers.get("host", "")
    return origin != "null"


# ---- CSRF ------------------------------------------------------------------------------------


def csrf_cookie(request) -> str:
    """The browser's CSRF value (a new one when it has none yet: set it on the response)."""
    value = request.cookies.get(CSRF_COOKIE, "")
    return value if len(value) == 32 and value.isalnum() else ""


def new_csrf() -> str:
    return secrets.token_hex(16)


def csrf_ok(request, submitted: str) -> bool:
    cookie = csrf_cookie(request)
    return bool(cookie) and bool(submitted) and hmac.compare_digest(cookie.encode(), submitted.encode())
