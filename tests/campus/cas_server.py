"""A small CAS server for the tests: a thread with http.server on 127.0.0.1.

GET /login?service=S shows a form (user name); POST /login issues a ticket and sends the browser back to
S?ticket=ST-…; GET /serviceValidate and /p3/serviceValidate answer the CAS 2.0/3.0 XML, success for a ticket
it issued for that service (once), failure otherwise; GET /logout?service=S records the log-out and goes to S."""

from __future__ import annotations

import html
import itertools
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

SUCCESS = """<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationSuccess><cas:user>{user}</cas:user>
    <cas:attributes><cas:name>{user}</cas:name></cas:attributes>
  </cas:authenticationSuccess>
</cas:serviceResponse>"""
FAILURE = """<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
  <cas:authenticationFailure code="INVALID_TICKET">Ticket {ticket} not recognized</cas:authenticationFailure>
</cas:serviceResponse>"""


class FakeCAS:
    def __init__(self) -> None:
        self.tickets: dict[str, tuple[str, str]] = {}  # ticket -> (user, service)
        self.validations: list[tuple[str, str]] = []  # (path, ticket)
        self.logouts: list[str] = []
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> FakeCAS:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def issue(self, user: str, service: str) -> str:
        with self._lock:
            ticket = f"ST-{next(self._serial)}-biye-test"
            self.tickets[ticket] = (user, service)
        return ticket

    def _validate(self, ticket: str, service: str) -> str:
        with self._lock:
            found = self.tickets.pop(ticket, None)  # a ticket is good once
        if found is None or found[1] != service:
            return FAILURE.format(ticket=html.escape(ticket))
        return SUCCESS.format(user=html.escape(found[0]))

    def _handler(self):
        cas = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def _send(self, status: int, body: str = "", headers: dict | None = None) -> None:
                data = body.encode()
                self.send_response(status)
                for k, v in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                url = urlparse(self.path)
                q = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/login":
                    service = html.escape(q.get("service", ""))
                    self._send(200, f"""<!doctype html><meta charset="utf-8"><title>统一身份认证（测试）</title>
<form method="post" action="/login"><input type="hidden" name="service" value="{service}">
<label>用户名 <input id="cas-username" name="username"></label><button id="cas-submit">登录</button></form>""")
                elif url.path in ("/serviceValidate", "/p3/serviceValidate"):
                    cas.validations.append((url.path, q.get("ticket", "")))
                    self._send(200, cas._validate(q.get("ticket", ""), q.get("service", "")),
                               {"Content-Type": "text/xml; charset=utf-8"})
                elif url.path == "/logout":
                    cas.logouts.append(q.get("service", ""))
                    self._send(302, headers={"Location": q.get("service", "/")})
                else:
                    self._send(404, "not found")

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                service = form.get("service", "")
                ticket = cas.issue(form.get("username", ""), service)
                sep = "&" if "?" in service else "?"
                self._send(302, headers={"Location": f"{service}{sep}{urlencode({'ticket': ticket})}"})

        return Handler
