"""Real SPARQL servers on loopback for the tests: Oxigraph server, Virtuoso, a flaky proxy.

The servers are the real binaries (``oxigraph`` from PyPI, ``virtuoso-t`` from Debian's
``virtuoso-opensource``; ``tests/install.sh`` installs both). Where a binary is
missing the test is skipped, except under ``CI=true`` where it fails: CI must run them.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

STARTUP_SECONDS = 90
#: Request headers the flaky proxy passes on.
FORWARDED = frozenset({"accept", "content-type"})


@dataclass(frozen=True)
class Endpoint:
    """A running server: its name and its SPARQL query and update URLs."""

    name: str
    query: str
    update: str


def find_binary(*names: str) -> str:
    """The first of ``names`` on PATH (or beside this Python); skip, or fail under CI=true."""
    for name in names:
        beside = Path(sys.executable).parent / name
        found = str(beside) if beside.is_file() else shutil.which(name)
        if found:
            return found
    reason = f"{' or '.join(names)} not found: run tests/install.sh"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, process: subprocess.Popen, log: Path) -> None:
    """Poll ``url`` until it answers 200; RuntimeError with the log tail if the server dies."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: server exited early:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url}: no answer after {STARTUP_SECONDS}s:\n{log.read_text()[-2000:]}")


@contextmanager
def _running(
    command: list[str], workdir: Path, ready_url: str, log_name: str = "server.log"
) -> Iterator[subprocess.Popen]:
    log = workdir / log_name
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=workdir, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_http(ready_url, process, log)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _ask_url(endpoint: str) -> str:
    return endpoint + "?" + urllib.parse.urlencode({"query": "ASK {}"})


@contextmanager
def oxigraph_server(workdir: Path) -> Iterator[Endpoint]:
    """``oxigraph serve`` on a free port, the default graph being the union of the graphs."""
    binary = find_binary("oxigraph")
    bind = f"127.0.0.1:{free_port()}"
    base = f"http://{bind}"
    command = [binary, "serve", "--location", str(workdir / "db"), "--bind", bind]
    with _running([*command, "--union-default-graph"], workdir, _ask_url(f"{base}/query")):
        yield Endpoint("oxigraph", f"{base}/query", f"{base}/update")


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000

[HTTPServer]
ServerPort = {http_port}
ServerRoot = {dir}
ServerThreads = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 100000
"""


@contextmanager
def virtuoso_server(workdir: Path) -> Iterator[Endpoint]:
    """``virtuoso-t`` in the foreground on free ports, its SPARQL user allowed to update."""
    binary = find_binary("virtuoso-t")
    isql = find_binary("isql-vt", "isql-v")
    sql_port, http_port = free_port(), free_port()
    ini = workdir / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=workdir, sql_port=sql_port, http_port=http_port))
    endpoint = f"http://127.0.0.1:{http_port}/sparql"
    command = [binary, "+foreground", "+configfile", str(ini)]
    with _running(command, workdir, _ask_url(endpoint)):
        _grant_update(isql, sql_port)
        yield Endpoint("virtuoso", endpoint, endpoint)


def _grant_update(isql: str, port: int) -> None:
    """Let /sparql (user SPARQL) run SPARQL Update; the SQL port may lag the HTTP one."""
    command = [isql, str(port), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";']
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if done.returncode == 0 and "Error" not in done.stdout + done.stderr:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"virtuoso GRANT failed: {done.stdout}{done.stderr}")
        time.sleep(0.5)


@dataclass
class FlakyProxy:
    """A loopback HTTP proxy that first plays ``failures`` ("503", "reset", "400",
    "freeze:SECONDS" = answer that late...) in order.

    Each request takes the next failure; once they are used up requests are forwarded to
    ``target`` (scheme://host:port) as they came. ``seen`` records what each request got.
    """

    target: str
    failures: list[str]
    seen: list[str] = field(default_factory=list)
    url: str = ""

    def url_for(self, endpoint: str) -> str:
        """``endpoint``'s URL with this proxy in place of its host."""
        parts = urllib.parse.urlsplit(endpoint)
        return self.url + parts.path


@contextmanager
def flaky_proxy(target: str, failures: list[str]) -> Iterator[FlakyProxy]:
    """Run a :class:`FlakyProxy` in a thread on a free loopback port while the block runs."""
    parts = urllib.parse.urlsplit(target)
    proxy = FlakyProxy(f"{parts.scheme}://{parts.netloc}", list(failures))
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                action = proxy.failures.pop(0) if proxy.failures else "forward"
                proxy.seen.append(action)
            if action == "reset":
                self.close_connection = True
                return
            if action.startswith("freeze"):
                time.sleep(float(action.partition(":")[2] or 2))
                action = "forward"
            if action == "forward":
                self._forward(body)
                return
            self._reply(int(action), "text/plain", f"injected failure {action}".encode())

        def _forward(self, body: bytes) -> None:
            headers = {k: v for k, v in self.headers.items() if k.lower() in FORWARDED}
            request = urllib.request.Request(
                proxy.target + self.path, data=body, headers=headers, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    self._reply(response.status, response.headers["Content-Type"], response.read())
            except urllib.error.HTTPError as exc:
                self._reply(exc.code, exc.headers.get("Content-Type", "text/plain"), exc.read())

        def _reply(self, status: int, ctype: str | None, payload: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype or "application/octet-stream")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output clean."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    proxy.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@contextmanager
def kg_serve(store: str | Path, workdir: Path, *options: str) -> Iterator[tuple[str, int]]:
    """A real ``kg serve`` process on a free loopback port; yields (base URL, its pid)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)]
    with _running([*command, *options], workdir, f"{base}/healthz", f"serve-{port}.log") as p:
        yield base, p.pid


#: A server's answer as the load tests read it: status, lower-cased headers, body, seconds.
Answer = tuple[int, dict[str, str], bytes, float]


def exchange(
    base: str, method: str, target: str, body: str | None = None, *,
    source: str = "127.0.0.1", timeout: float = 60, **headers: str,
) -> Answer:
    """One request to ``base`` from loopback address ``source``, timed."""
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    connection = http.client.HTTPConnection(
        host, int(port), timeout=timeout, source_address=(source, 0)
    )
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        found = {k.lower(): v for k, v in response.getheaders()}
        return response.status, found, data, time.monotonic() - started
    finally:
        connection.close()
