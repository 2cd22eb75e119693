#!/usr/bin/env bash
# Install the test dependencies (and Debian's chromium for the browser smoke test) and
# run the whole test suite. Extra arguments go to pytest (e.g. ./test.sh -k air).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh dev
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
exec .venv/bin/python -m pytest "$@"
