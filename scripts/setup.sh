#!/usr/bin/env bash
# Create .venv and install the pinned dependencies. Usage: scripts/setup.sh [dev]
# On a fresh Debian machine, run as root (or with sudo available) so missing system
# packages (python3-venv, and chromium and nginx for the browser and deployment tests)
# can be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }
apt_install() {
  echo "installing Debian packages: $*" >&2
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
    || { echo "error: could not install $* (run as root or install them yourself)" >&2; exit 1; }
}

if ! "$PY" -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then
  echo "error: Python 3.11 or newer is required ($PY is $("$PY" --version 2>&1))" >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv 2>/dev/null || { rm -rf .venv; apt_install python3-venv; "$PY" -m venv .venv; }
fi
# The briefing handout embeds NanumGothic (Korean) and DejaVu Sans (symbols); it must render offline.
if [ ! -f /usr/share/fonts/truetype/nanum/NanumGothic.ttf ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  apt_install fonts-nanum fonts-dejavu-core
fi
REQ=requirements.txt
[ "${1:-}" = dev ] && REQ=requirements-dev.txt
STAMP=".venv/.installed-$(sha256sum requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)-$(basename $REQ)"
if [ ! -f "$STAMP" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$REQ"
  touch "$STAMP"
fi
if [ "${1:-}" = dev ] && ! command -v chromium >/dev/null; then
  apt_install chromium fonts-noto-cjk
fi
# axe-core for the accessibility check in the browser tests: into tests/vendor/ (not committed).
AXE_VERSION=4.14.1
if [ "${1:-}" = dev ] && [ ! -f tests/vendor/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null || apt_install npm
  npm install --prefix tests/vendor --no-save --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >/dev/null \
    || { echo "error: could not install axe-core (npm registry unreachable?)" >&2; exit 1; }
fi
# nginx: the multi-process deployment (deploy/run-cluster.sh) and its test.
if [ "${1:-}" = dev ] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  apt_install nginx
fi
