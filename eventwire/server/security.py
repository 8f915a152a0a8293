"""What keeps the server safe to leave running: writes behind a bearer token, bounded request bodies, and a
warning when it listens beyond this machine.

The server is read-only unless started with `--allow-ingest`; then every write needs `Authorization: Bearer
<token>`, the token being `EVENTWIRE_TOKEN` or one generated at start and printed once. The token is compared in
constant time. Request bodies are refused past `max_body` bytes before they are read into memory, whatever the
client claims in Content-Length.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_VARIABLE = "EVENTWIRE_TOKEN"
MAX_BODY = 2_000_000
"""Largest request body in bytes: a batch of long articles; the pipeline's own limit is per document."""


def ingest_token(environ: dict[str, str] | None = None) -> tuple[str, bool]:
    """(token, whether it was generated): EVENTWIRE_TOKEN when set, else a fresh random one."""
    given = (environ if environ is not None else os.environ).get(TOKEN_VARIABLE, "").strip()
    return (given, False) if given else (secrets.token_urlsafe(24), True)


def token_matches(header: str | None, token: str) -> bool:
    if not header or not header.startswith("Bearer "):
        return False
    return hmac.compare_digest(header[len("Bearer "):].strip().encode(), token.encode())


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class BodyLimit:
    """ASGI middleware: 413 for a body larger than `limit` bytes, counted as it arrives."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(send)
            return
        received = 0
        too_large = False

        async def counted() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    too_large = True
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            if too_large:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = (f'{{"detail":"request body larger than {self.limit:,} bytes; send fewer or shorter documents"}}'
                .encode())
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(Exception):
    pass
