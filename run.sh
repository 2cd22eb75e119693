#!/usr/bin/env bash
# Install everything and start the dashboard on http://localhost:8501 (real data,
# offline, no API key needed). The first start builds the DuckDB warehouse from the
# bundled snapshots. Set SEOUL_OPENAPI_KEY to refresh live data from the Seoul Open API.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
.venv/bin/python -m data_sources -q status >/dev/null 2>&1 || true  # also clears leftovers of killed runs
# Build when there is no warehouse this code can serve (first start, or after an upgrade).
.venv/bin/python -c "from data_sources import warehouse; import sys; sys.exit(warehouse.current_warehouse() is None)" \
  || .venv/bin/python -m data_sources build
exec .venv/bin/streamlit run server.py --server.port "${PORT:-8501}" --server.address "${ADDRESS:-localhost}" "$@"
