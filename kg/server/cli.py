"""Running the endpoint: uvicorn around :func:`create_app`, and the ``kg serve`` command."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import config
from kg.errors import KGError, StoreError
from kg.server.app import create_app
from kg.store.base import Store

if TYPE_CHECKING:
    import uvicorn

TOKEN_VARIABLE = "KG_UPDATE_TOKEN"


#: Seconds a server asked to stop gives the requests still running.
STOP_GRACE = 3


def make_server(
    store: Store, host: str = "127.0.0.1", port: int = 8000, **options: Any
) -> uvicorn.Server:
    """A uvicorn server for ``store`` (not started); ``options`` go to :func:`create_app`.

    Loopback by default: exposing the endpoint to the network is a decision to make
    with ``host="0.0.0.0"``. ``port=0`` picks a free port (read it from ``server.servers``).
    """
    import uvicorn

    app = create_app(store, **options)
    from kg.server.protocol import MAX_URL_BYTES

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        http="h11",
        # h11 drops a request line over its 16 KB buffer without an answer; with room for
        # the longest URL taken, a longer one gets the endpoint's 414 instead.
        h11_max_incomplete_event_size=2 * MAX_URL_BYTES,
        # Asked to stop (Ctrl-C, SIGTERM), the server lets running requests finish this
        # long, then cancels them: a query of the whole time limit does not hold it up.
        timeout_graceful_shutdown=STOP_GRACE,
    )
    return uvicorn.Server(config)


def serve(store: Store, host: str = "127.0.0.1", port: int = 8000, **options: Any) -> None:
    """Serve ``store`` over HTTP until interrupted (Ctrl-C)."""
    make_server(store, host=host, port=port, **options).run()


def add_serve_command(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``kg serve`` to the ``kg`` command's subparsers; it dispatches to :func:`run_serve`."""
    summary = "serve the store over the SPARQL 1.1 Protocol, with the explorer and an editor"
    parser = subparsers.add_parser("serve", help=summary, description=summary.capitalize())
    parser.add_argument(
        "--store",
        default=None,
        help="store directory, or 'memory' (default: $KG_STORE or ./kg-store)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--timeout", type=float, default=30.0, help="query time limit, seconds")
    parser.add_argument("--max-results", type=int, default=10_000, help="row / triple limit")
    parser.add_argument(
        "--workers", type=int, default=4, help="queries run at once (default 4 processes)"
    )
    parser.add_argument(
        "--queue",
        type=int,
        default=64,
        help="requests that may wait for a worker; more get 503 + Retry-After (default 64)",
    )
    parser.add_argument(
        "--max-query-memory",
        type=int,
        default=1024,
        metavar="MB",
        help="a query's worker killed past this resident size (default 1024 MB)",
    )
    parser.add_argument(
        "--client-queries",
        type=int,
        default=16,
        metavar="N",
        help="queries one client (address) may have running or waiting; more get 429 "
        "(default 16; 0: no cap)",
    )
    parser.add_argument(
        "--client-seconds",
        type=float,
        default=120.0,
        metavar="S",
        help="query time one client may spend a minute; past it 429 (default 120; 0: no cap)",
    )
    parser.add_argument(
        "--allow-update",
        action="store_true",
        help=f"accept SPARQL Update with 'Authorization: Bearer ${TOKEN_VARIABLE}'",
    )
    parser.set_defaults(handler=run_serve)
    return parser


#: Hosts that only this machine can reach.
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _check_port(host: str, port: int) -> None:
    """Raise :class:`KGError` if ``port`` on ``host`` is taken (before anything is printed)."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise KGError(
                    f"port {port} on {host} is taken (another kg serve?); choose another with "
                    "--port"
                ) from None
            raise KGError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


def run_serve(args: argparse.Namespace) -> int:
    """Run ``kg serve`` from parsed arguments; the exit status (1 with a message on error)."""
    from kg.store import open_store

    location = args.store or config.store_location()
    token = os.environ.get(TOKEN_VARIABLE) or None
    try:
        local = location != "memory" and "://" not in location
        if local and not Path(location.removeprefix("oxigraph:")).exists():
            raise StoreError(f"{location}: no store here; run 'kg build' first")
        if args.allow_update and token is None:
            raise KGError(f"--allow-update needs a token in ${TOKEN_VARIABLE}")
        _check_port(args.host, args.port)
        store = open_store(location, read_only=not args.allow_update)
        try:
            if args.host not in LOOPBACK:
                print(
                    f"kg: warning: listening on {args.host}: the endpoint is open to the network "
                    "(anyone who can reach this machine can query it)",
                    file=sys.stderr,
                )
            print(
                f"kg: serving {location} at http://{args.host}:{args.port}/sparql", file=sys.stderr
            )
            serve(
                store,
                host=args.host,
                port=args.port,
                timeout=args.timeout,
                max_results=args.max_results,
                workers=args.workers,
                queue=args.queue,
                max_query_memory_mb=args.max_query_memory,
                client_queries=args.client_queries,
                client_seconds=args.client_seconds,
                allow_update=args.allow_update,
                update_token=token,
            )
        finally:
            store.close()
    except KGError as error:
        print(f"kg: error: {error}", file=sys.stderr)
        return 1
    return 0
