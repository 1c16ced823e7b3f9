#!/usr/bin/env bash
# Set up a fresh machine for the test suite: the package with its test extras, and the
# Debian packages the real-component tests drive: headless Chromium and its driver for the
# explorer, OpenLink Virtuoso for the remote-store tests (the Oxigraph server is on PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || missing+=(virtuoso-opensource)
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "tests/install.sh: install ${missing[*]} (Debian) for the browser and server tests" >&2
  fi
fi
PIP_ROOT_USER_ACTION=ignore python -m pip install -q -e '.[test]'
