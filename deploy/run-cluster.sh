#!/usr/bin/env bash
# Several Streamlit server processes behind nginx, on this machine (see README,
# "Serving more viewers").
#
#   deploy/run-cluster.sh start [N]   start N server processes (default 2) and nginx
#   deploy/run-cluster.sh stop        stop them all
#   deploy/run-cluster.sh status      what is running
#
# Environment: LISTEN (nginx address, default 127.0.0.1:8080), BACKEND_PORT (first
# server port, default 8601; the others follow), OSD_CLUSTER_DIR (pid files, logs,
# nginx config and cache; default var/cluster), OSD_VAR_DIR (the warehouse, as
# everywhere). Every process reads the same warehouse read-only; with an API key
# (SEOUL_OPENAPI_KEY) each starts a live refresher, and a host-wide file lock lets
# exactly one of them work.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
PY=${PYTHON:-$ROOT/.venv/bin/python}
RUN=${OSD_CLUSTER_DIR:-${OSD_VAR_DIR:-$ROOT/var}/cluster}
LISTEN=${LISTEN:-127.0.0.1:8080}
BACKEND_PORT=${BACKEND_PORT:-8601}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}

die() { echo "error: $*" >&2; exit 1; }

wait_http() {  # url seconds
  local url=$1 until=$((SECONDS + $2))
  while ((SECONDS < until)); do
    if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pid() {  # pidfile: TERM, wait up to 20 s, then KILL
  local pidfile=$1 pid
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

cmd_stop() {
  [ -d "$RUN" ] || { echo "nothing running"; return 0; }
  stop_pid "$RUN/nginx.pid"
  for pidfile in "$RUN"/streamlit-*.pid; do
    [ -e "$pidfile" ] && stop_pid "$pidfile"
  done
  if [ -f "$RUN/nginx-state" ]; then  # the temporary cache folder of a root start
    state=$(cat "$RUN/nginx-state")
    case "$state" in /tmp/osd-nginx.*) rm -rf "$state" ;; esac
    rm -f "$RUN/nginx-state"
  fi
  echo "stopped"
}

cmd_status() {
  local any=0
  for pidfile in "$RUN"/streamlit-*.pid "$RUN"/nginx.pid; do
    [ -e "$pidfile" ] || continue
    any=1
    if alive "$pidfile"; then state=running; else state=dead; fi
    echo "$(basename "$pidfile" .pid): pid $(cat "$pidfile") $state"
  done
  ((any)) || echo "nothing running"
}

cmd_start() {
  local n=${1:-2}
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || die "N must be a number of processes (1-99), got '$n'"
  [ -x "$NGINX" ] || die "nginx is not installed (apt-get install nginx, or scripts/setup.sh dev)"
  [ -x "$PY" ] || die "no Python environment at $PY (run scripts/setup.sh)"
  for pidfile in "$RUN"/streamlit-*.pid "$RUN"/nginx.pid; do
    [ -e "$pidfile" ] && alive "$pidfile" && die "already running (deploy/run-cluster.sh stop first)"
  done
  mkdir -p "$RUN"
  rm -f "$RUN"/*.pid

  # One build before the processes start, so they do not race to make the first one
  # (the CLI also clears what killed runs left behind).
  "$PY" -m data_sources -q status >/dev/null 2>&1 || true
  "$PY" -c "from data_sources import warehouse; import sys; sys.exit(warehouse.current_warehouse() is None)" \
    || "$PY" -m data_sources -q build

  local backends="" port
  for i in $(seq 0 $((n - 1))); do
    port=$((BACKEND_PORT + i))
    setsid "$PY" -m streamlit run server.py --server.port "$port" --server.address 127.0.0.1 \
      --server.headless true >"$RUN/streamlit-$port.log" 2>&1 < /dev/null &
    echo $! > "$RUN/streamlit-$port.pid"
    backends+="        server 127.0.0.1:$port max_fails=2 fail_timeout=5s;"$'\n'
  done
  for i in $(seq 0 $((n - 1))); do
    port=$((BACKEND_PORT + i))
    wait_http "http://127.0.0.1:$port/_stcore/health" 90 \
      || { tail -20 "$RUN/streamlit-$port.log" >&2; cmd_stop >/dev/null; die "server on port $port did not start"; }
  done

  # nginx's workers write its cache and temporary files. Started as root they drop to
  # www-data, which may not reach $RUN (e.g. under a private home or /tmp/pytest-of-root),
  # so they get a folder of their own.
  local user="" state="$RUN"
  if [ "$(id -u)" = 0 ]; then
    user="user www-data;"
    state=$(mktemp -d /tmp/osd-nginx.XXXXXX)
    echo "$state" > "$RUN/nginx-state"
  fi
  mkdir -p "$state"/tmp/{body,proxy,fastcgi,uwsgi,scgi} "$state"/cache/static
  [ "$(id -u)" = 0 ] && chown -R www-data "$state"
  BACKENDS="$backends" RUN="$RUN" STATE="$state" LISTEN="$LISTEN" USER_LINE="$user" "$PY" - <<'EOF'
import os
text = open("deploy/nginx.conf.template", encoding="utf-8").read()
for key, value in {"@RUN@": os.environ["RUN"], "@STATE@": os.environ["STATE"], "@LISTEN@": os.environ["LISTEN"],
                   "@USER@": os.environ["USER_LINE"], "@BACKENDS@": os.environ["BACKENDS"].rstrip("\n")}.items():
    text = text.replace(key, value)
open(os.path.join(os.environ["RUN"], "nginx.conf"), "w", encoding="utf-8").write(text)
EOF
  "$NGINX" -t -q -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log" \
    || { cmd_stop >/dev/null; die "nginx rejected $RUN/nginx.conf"; }
  "$NGINX" -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/nginx-error.log"
  wait_http "http://$LISTEN/_stcore/health" 30 || { cmd_stop >/dev/null; die "nginx did not answer on $LISTEN"; }
  echo "serving on http://$LISTEN/ with $n processes (ports $BACKEND_PORT-$((BACKEND_PORT + n - 1))); logs in $RUN"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: deploy/run-cluster.sh {start [N]|stop|status}" >&2; exit 2 ;;
esac
