#!/usr/bin/env bash
# Installs nginx and its Brotli module (Debian packages) when missing, for the hosting tests and for a server.
# Waits for the package manager when another install holds its lock, and retries a failed download.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
  echo "error: need root (or sudo) to run: $*" >&2; return 1; fi; }
modules=/usr/lib/nginx/modules
if command -v nginx >/dev/null && [ -f "$modules/ngx_http_brotli_static_module.so" ]; then exit 0; fi
if ! command -v apt-get >/dev/null; then
  echo "error: please install nginx and its Brotli module (libnginx-mod-http-brotli-static) yourself" >&2; exit 1
fi
for attempt in 1 2 3 4 5; do
  # DPkg::Lock::Timeout: wait up to 5 minutes for another apt-get or dpkg to finish instead of failing at once.
  if as_root apt-get -o DPkg::Lock::Timeout=300 update -qq \
     && DEBIAN_FRONTEND=noninteractive as_root apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends nginx libnginx-mod-http-brotli-static >/dev/null; then
    exit 0
  fi
  echo "apt-get failed (attempt $attempt); retrying in $((attempt * 10)) s..." >&2
  sleep $((attempt * 10))
done
echo "error: could not install nginx" >&2
exit 1
