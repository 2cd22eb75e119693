#!/usr/bin/env bash
# Install the test dependencies (and Debian's chromium for the browser smoke test) and
# run ruff and the whole test suite. Extra arguments go to pytest (e.g. ./test.sh -k air).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh dev
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
# Lint first: a lint error fails the run loudly before the (longer) tests start.
.venv/bin/ruff check --quiet . || { echo "error: ruff found lint errors (see above)" >&2; exit 1; }
# One worker process per core (at most four; each has its own warehouse, server and
# Chromium); workers steal queued tests from each other so long modules do not finish last.
# `./test.sh -n 0` runs in one process.
exec .venv/bin/python -m pytest -n auto --maxprocesses 4 --dist worksteal "$@"
