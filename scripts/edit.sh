#!/usr/bin/env bash
# The editing interface on this computer, offline: open the address it prints, http://127.0.0.1:8000/admin/#token=...
# (see the guide, "Editing in the browser"). exec: the command's output, that address included, reaches this terminal as is.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements.txt"
# The preview draws share images with Japanese text: it needs a font with Japanese glyphs.
if ! { command -v fc-list >/dev/null && fc-list :lang=ja | grep -q .; }; then
  echo "Installing a Japanese font..."
  apt_install fonts-noto-cjk fontconfig
fi
exec "$VENV/bin/alumni-stories" edit "$@"
