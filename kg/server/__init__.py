"""``kg serve``: the knowledge graph over the SPARQL 1.1 Protocol, plus the explorer page.

``create_app(store)`` is the ASGI app (read-only, loopback, time and size limits);
``serve(store)`` runs it with uvicorn; ``add_serve_command`` / ``run_serve`` plug it into
the ``kg`` command. Built on starlette and uvicorn.
"""

from kg.server.app import create_app
from kg.server.cli import add_serve_command, make_server, run_serve, serve

__all__ = ["add_serve_command", "create_app", "make_server", "run_serve", "serve"]
