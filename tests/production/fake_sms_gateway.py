"""A stand-in SMS provider for scripts/production-check: HTTPS on loopback, bearer token,
and the contract Koers relies on — a request whose ``Idempotency-Key`` it has seen before
is acknowledged but not sent again.

It keeps every request (``requests``) and every message it "sent" (``sent``) in memory and
answers ``GET /state`` with both as JSON. ``POST /control`` with ``{"delay": seconds}``
makes it hold each following request that long *after* recording the message as sent and
before answering — the moment a worker can die having sent a message it never saw confirmed.

Run: ``python fake_sms_gateway.py PORT CERT KEY TOKEN``.
"""

import json
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"requests": [], "sent": [], "delay": 0.0}
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    token = ""

    def log_message(self, format, *args):  # noqa: A002 - quiet
        return

    def _answer(self, status: int, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        if self.path == "/state":
            with LOCK:
                return self._answer(200, STATE)
        return self._answer(404, {})

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        data = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/control":
            with LOCK:
                STATE["delay"] = float(data.get("delay", 0))
            return self._answer(200, {"ok": True})
        if self.headers.get("Authorization") != f"Bearer {self.token}":
            return self._answer(401, {"error": "token"})
        key = self.headers.get("Idempotency-Key", "")
        with LOCK:
            STATE["requests"].append({"to": data.get("to"), "key": key, "at": time.time()})
            duplicate = bool(key) and any(m["key"] == key for m in STATE["sent"])
            if not duplicate:
                STATE["sent"].append({"to": data.get("to"), "key": key, "text": data.get("text")})
            delay = STATE["delay"]
        if delay:
            time.sleep(delay)
        return self._answer(200, {"duplicate": duplicate})


def main() -> None:
    port, cert, key, token = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    Handler.token = token
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
