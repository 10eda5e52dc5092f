#!/usr/bin/env bash
# Check all content without building: problems, translation table, drafts. Exits 1 on any problem.
#   scripts/check.sh [--mark-translated SLUG]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/bootstrap.sh" "$ROOT/requirements.txt"
exec "$VENV/bin/python" "$ROOT/scripts/check_content.py" "$@"
