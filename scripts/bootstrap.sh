#!/usr/bin/env bash
# Creates .venv with the pinned Python dependencies. Sourced by serve.sh and test.sh.
# Works on a new Debian machine with Python 3.11: installs python3-venv through apt when it is missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"

step() { echo "[setup] $*" >&2; }  # says what a long, quiet step is doing before it starts

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "error: need root (or sudo) to run: $*" >&2; return 1; fi; }

apt_install() {  # apt_install PACKAGE...: installs Debian packages, updating the lists once per run
  if ! command -v apt-get >/dev/null; then echo "error: please install $* with your package manager" >&2; return 1; fi
  if [ -z "${_APT_UPDATED:-}" ]; then
    step "Updating the list of system packages (apt-get update; about 10 to 60 s)..."
    as_root apt-get update -qq; _APT_UPDATED=1
  fi
  step "Installing system packages: $* (apt-get; about 10 s to a few minutes, depending on the network)..."
  # Waits for the dpkg lock (another install running) instead of failing at once.
  DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x "$VENV/bin/python" ]; then
  step "Creating the Python environment in .venv (a few seconds)..."
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
  step "Installing the pinned Python packages of $(basename "$requirements") into .venv (pip; about 30 to 90 s the first time, a few seconds after)..."
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT"
  touch "$stamp"
  step "Python packages installed."
fi
# The editing interface at /admin/ (Decap CMS) is copied into every build from cms/node_modules, installed
# exactly as cms/package-lock.json pins it.
if [ -f "$ROOT/cms/package-lock.json" ] && { [ ! -f "$ROOT/cms/node_modules/.package-lock.json" ] \
    || [ "$ROOT/cms/package-lock.json" -nt "$ROOT/cms/node_modules/.package-lock.json" ]; }; then
  if ! command -v npm >/dev/null; then
    step "Installing Node.js and npm for the editing interface..."
    apt_install nodejs npm
  fi
  step "Installing the editing interface's packages in cms/ (npm ci, about 700 packages; about 30 to 90 s)..."
  npm ci --prefix "$ROOT/cms" --no-audit --no-fund --loglevel=error
  step "Editing interface packages installed."
fi
# Share images and embed cards draw every script of the programme and emoji (alumni_stories/outputs/share_image.py):
# Debian's Noto fonts (CJK: Japanese; core: Latin with Vietnamese, Khmer, Lao, Myanmar, Thai; colour emoji) and
# libraqm, which shapes Khmer, Lao, Myanmar and Thai text.
if command -v dpkg >/dev/null; then
  missing_packages=""
  for package in fontconfig fonts-noto-cjk fonts-noto-core fonts-noto-color-emoji libraqm0; do
    dpkg -s "$package" >/dev/null 2>&1 || missing_packages="$missing_packages $package"
  done
  if [ -n "$missing_packages" ]; then
    echo "Installing fonts and text shaping for the share images:$missing_packages (one to two minutes)..."
    # shellcheck disable=SC2086
    apt_install $missing_packages
  fi
fi
export ALUMNI_STORIES_ROOT="$ROOT" NO_MKDOCS_2_WARNING=1
