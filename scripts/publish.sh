#!/usr/bin/env bash
# Build the site to publish: like `scripts/serve.sh --build`, but refuses to write a placeholder or local
# address into embed code, feeds, the sitemap and link previews. Set the public address first:
#   ALUMNI_STORIES_SITE_URL=https://stories.your-domain.org/ scripts/publish.sh
# The finished site is in site/ (or the folder given with --site-dir), ready to copy to the web server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements.txt"
cd "$ROOT"
if ! { command -v fc-list >/dev/null && fc-list :lang=ja | grep -q .; }; then
  echo "Installing a Japanese font..."
  apt_install fonts-noto-cjk fontconfig
fi
ALUMNI_STORIES_PUBLISH=1 exec "$VENV/bin/mkdocs" build --strict "$@"
