#!/usr/bin/env bash
# Start a new profile as a draft, asking for what is missing (alumni-stories new-profile --help).
source "$(dirname "$0")/bootstrap.sh" && exec "$VENV/bin/alumni-stories" new-profile "$@"
