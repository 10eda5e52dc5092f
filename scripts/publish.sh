#!/usr/bin/env bash
# Build the site to publish: `scripts/serve.sh --build` in publishing mode, which refuses to write a
# placeholder or local address into embed code, feeds, the sitemap and link previews (Pipeline.configure).
# Set the public address first:
#   ALUMNI_STORIES_SITE_URL=https://stories.your-domain.org/ scripts/publish.sh
# The finished site is in site/, ready to copy to the web server.
ALUMNI_STORIES_PUBLISH=1 exec "$(dirname "$0")/serve.sh" --build
