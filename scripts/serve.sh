#!/usr/bin/env bash
# One command for a fresh clone: install into .venv, build the site into site/, then serve it with live reload.
#   scripts/serve.sh            build, then serve on http://127.0.0.1:8000/
#   scripts/serve.sh --build    build only
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements.txt"
cd "$ROOT"
# Share images draw Japanese text: the build needs a font with Japanese glyphs.
if ! { command -v fc-list >/dev/null && fc-list :lang=ja | grep -q .; }; then
  echo "Installing a Japanese font..."
  apt_install fonts-noto-cjk fontconfig
fi
"$VENV/bin/mkdocs" build --strict
if [ "${1:-}" != "--build" ]; then
  # --dirty: after an edit, rebuild only the edited story's pages and the pages that list stories
  # (hooks/preview.py); a full rebuild of every page takes seconds per thousand stories.
  exec "$VENV/bin/mkdocs" serve --dirty --dev-addr "${DEV_ADDR:-127.0.0.1:8000}"
fi
