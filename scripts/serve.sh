#!/usr/bin/env bash
# One command for a fresh clone: install into .venv, build the site into site/, then serve it with live reload.
#   scripts/serve.sh            build, then serve on http://127.0.0.1:8000/
#   scripts/serve.sh --build    build only
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements.txt"
cd "$ROOT"
"$VENV/bin/mkdocs" build --strict
if [ "${1:-}" != "--build" ]; then
  exec "$VENV/bin/mkdocs" serve --dev-addr "${DEV_ADDR:-127.0.0.1:8000}"
fi
