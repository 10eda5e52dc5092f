#!/usr/bin/env bash
# One command for a fresh clone: install into .venv, then preview the site with live reload, or build it.
#   scripts/serve.sh            preview on http://127.0.0.1:8000/ (drafts shown; problems shown, not fatal)
#   scripts/serve.sh --build    a strict local build into site/, for this computer (publish with scripts/publish.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements.txt"
cd "$ROOT"
# Share images draw Japanese text: the build needs a font with Japanese glyphs.
if ! { command -v fc-list >/dev/null && fc-list :lang=ja | grep -q .; }; then
  step "Installing a Japanese font..."
  apt_install fonts-noto-cjk fontconfig
fi
if [ "${1:-}" = "--build" ]; then
  # A strict build (scripts/publish.sh runs it in publishing mode): any problem or warning stops it and site/ stays as it was.
  step "Building the whole site into site/, strict (about 1 to 2 minutes with a few stories; longer with thousands)..."
  exec "$VENV/bin/mkdocs" build --strict
fi
step "Starting the preview: the first build takes about 1 to 2 minutes, then it answers at http://${DEV_ADDR:-127.0.0.1:8000}/ (Ctrl+C stops it)..."
# The preview starts whatever the state of the content: it shows what has no problem, and lists the problems
# in this console and at the top of every page (the strict build above refuses them).
# --dirty: after an edit, rebuild only the edited story's pages and the pages that list stories
# (the pipeline's edit preview, alumni_stories/build/pipeline.py); a full rebuild of every page takes seconds per thousand stories.
exec "$VENV/bin/mkdocs" serve --dirty --dev-addr "${DEV_ADDR:-127.0.0.1:8000}"
