#!/usr/bin/env bash
# Check all content with the build's rules, without building (alumni-stories check --help).
source "$(dirname "$0")/bootstrap.sh" && exec "$VENV/bin/alumni-stories" check "$@"
