#!/usr/bin/env bash
# Install the SPARQL servers tests/test_remote_store.py starts on loopback: the Oxigraph
# server (PyPI `oxigraph`, the `oxigraph serve` binary) and OpenLink Virtuoso (Debian
# `virtuoso-opensource`: virtuoso-t and isql-vt). Idempotent and quiet: skips what is there.
set -euo pipefail
python=${PYTHON:-python}
bindir=$("$python" -c 'import sys, pathlib; print(pathlib.Path(sys.executable).parent)')
if ! "$bindir/oxigraph" --version >/dev/null 2>&1 && ! oxigraph --version >/dev/null 2>&1; then
  PIP_ROOT_USER_ACTION=ignore "$python" -m pip install -q oxigraph
fi
if ! command -v virtuoso-t >/dev/null 2>&1 || ! command -v isql-vt >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >/dev/null
  else
    echo "tests/install-servers.sh: install virtuoso-opensource (Debian) as root" >&2
    exit 1
  fi
fi
