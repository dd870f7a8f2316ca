"""A local HTTP server that plays JP's Box-Office and TMDB for offline crawl tests.

Routes map a path with its query (`/fichfilm.php?id=23503&view=2`) to a list of answers served in
turn (the last one repeats), so a test can serve an HTTP 500 and then the page.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit


@dataclass(frozen=True)
class Answer:
    """One HTTP answer."""

    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"


@dataclass
class FakeSite:
    """The routes, and every path+query requested, in order (TMDB's api_key left out)."""

    routes: dict[str, list[Answer]] = field(default_factory=dict)
    requested: list[str] = field(default_factory=list)
    served: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    robots_txt: bytes = b"User-agent: *\nDisallow: /private/\n"
    base_url: str = ""

    def route(self, path_and_query: str, *answers: Answer) -> None:
        """Serve `answers` in turn at `path_and_query` (the query's order does not matter)."""
        self.routes[_normal(path_and_query)] = list(answers)

    def answer(self, path_and_query: str) -> Answer:
        key = _normal(path_and_query)
        self.requested.append(key)
        if urlsplit(key).path == "/robots.txt":
            return Answer(self.robots_txt, content_type="text/plain")
        answers = self.routes.get(key)
        if not answers:
            return Answer(b"<html><body>Not found</body></html>", status=404)
        index = min(self.served[key], len(answers) - 1)
        self.served[key] += 1
        return answers[index]


def _normal(path_and_query: str) -> str:
    parts = urlsplit(path_and_query)
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "api_key"
    )
    return parts.path + (f"?{urlencode(query)}" if query else "")


@contextmanager
def serve(site: FakeSite) -> Iterator[FakeSite]:
    """Run the site on 127.0.0.1 on a free port in a thread; `site.base_url` says where."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = site.answer(self.path)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
