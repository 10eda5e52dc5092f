#!/usr/bin/env bash
# Record every published address in data/url-manifest.yml (alumni-stories record-urls --help).
source "$(dirname "$0")/bootstrap.sh" && exec "$VENV/bin/alumni-stories" record-urls "$@"
