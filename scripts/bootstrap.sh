#!/usr/bin/env bash
# Creates .venv with the pinned Python dependencies. Sourced by serve.sh and test.sh.
# Works on a new Debian machine with Python 3.11: installs python3-venv through apt when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "error: need root (or sudo) to run: $*" >&2; return 1; fi; }

apt_install() {  # apt_install PACKAGE...: installs Debian packages, updating the lists once per run
  if ! command -v apt-get >/dev/null; then echo "error: please install $* with your package manager" >&2; return 1; fi
  if [ -z "${_APT_UPDATED:-}" ]; then as_root apt-get update -qq; _APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    PY_VERSION="$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    apt_install "python${PY_VERSION}-venv" || apt_install python3-venv
    "$PYTHON" -m venv "$VENV"
  fi
fi

requirements="${1:-$ROOT/requirements.txt}"
stamp="$VENV/.installed-$(basename "$requirements")"
if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ "$ROOT/requirements.txt" -nt "$stamp" ] \
    || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
  # The pinned packages first, then the project itself, editable: the alumni_stories core, the hooks'
  # shared modules and the alumni-stories command (pyproject.toml; its dependencies are requirements.txt).
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
  touch "$stamp"
fi
export ALUMNI_STORIES_ROOT="$ROOT" NO_MKDOCS_2_WARNING=1
