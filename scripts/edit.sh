#!/usr/bin/env bash
# The editing interface on this computer, offline: http://127.0.0.1:8000/admin/ (see the guide, "Editing in the browser").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements.txt"
# The preview draws share images with Japanese text: it needs a font with Japanese glyphs.
if ! { command -v fc-list >/dev/null && fc-list :lang=ja | grep -q .; }; then
  echo "Installing a Japanese font..."
  apt_install fonts-noto-cjk fontconfig
fi
exec "$VENV/bin/alumni-stories" edit "$@"
