#!/usr/bin/env bash
# One command for a fresh clone: install everything the tests need (Python packages into .venv,
# Chromium from the system's package manager when missing) and run every test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements-dev.txt"
cd "$ROOT"
if [ -z "${CHROMIUM_PATH:-}" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then export CHROMIUM_PATH="$candidate"; break; fi
  done
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  step "Installing Chromium for the browser tests..."
  apt_install chromium
  export CHROMIUM_PATH=/usr/bin/chromium
fi
# Japanese pages and share images need a font with Japanese glyphs.
if ! { command -v fc-list >/dev/null && fc-list :lang=ja | grep -q .; }; then
  step "Installing a Japanese font..."
  apt_install fonts-noto-cjk fontconfig
fi
# The HTML checker (vnu.jar) runs on Java; axe-core and vnu.jar come from npm at the exact versions in
# tests/tools/package.json (no lock file: neither package has dependencies).
if ! command -v java >/dev/null; then
  step "Installing Java for the HTML validator..."
  apt_install default-jre-headless
fi
if ! command -v npm >/dev/null; then
  step "Installing Node.js and npm for the accessibility and HTML checkers..."
  apt_install nodejs npm
fi
# The hosting tests serve the built site with nginx and its Brotli module (Debian packages).
"$ROOT/scripts/install-nginx.sh"
tools="$ROOT/tests/tools"
if [ ! -f "$tools/node_modules/.installed" ] || [ "$tools/package.json" -nt "$tools/node_modules/.installed" ]; then
  step "Installing the test tools in tests/tools (npm: axe-core, vnu.jar; about 10 to 30 s)..."
  npm install --prefix "$tools" --include=dev --no-package-lock --no-audit --no-fund --loglevel=error
  touch "$tools/node_modules/.installed"
fi
# The tests run in parallel, one pytest-xdist worker per core (PYTEST_XDIST_AUTO_NUM_WORKERS=N to change it,
# or pass -n 0 to run in one process). --dist loadfile keeps each test file on one worker, so a file's
# module-scoped fixtures (a site built for that file's tests) are made once; the real site is built once for all
# workers, and the longest files start first (tests/conftest.py, LONGEST_FIRST). pytest exits 5 when it
# collected nothing, with or without workers: that is a failure here too, like any non-zero exit.
step "Setup done; running the tests (the whole suite takes about 8 to 15 minutes on 2 cores: 8.5 on a quiet machine, 14.5 on a busy one)..."
exec "$VENV/bin/python" -m pytest -n auto --dist loadfile --no-loadscope-reorder "$@"
