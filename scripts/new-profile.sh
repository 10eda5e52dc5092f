#!/usr/bin/env bash
# Start a new profile: install into .venv if needed, then run scripts/new_story.py (asks, or takes options).
#   scripts/new-profile.sh --help
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements.txt"
exec "$VENV/bin/python" "$ROOT/scripts/new_story.py" "$@"
