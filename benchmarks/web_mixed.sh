#!/usr/bin/env bash
# The web app under a realistic mix: 20 clients, one request in ten a write (done, snooze,
# log contact through the JSON API), the rest Today and Application pages, on a store of
# 10,000 applications; so kept pages are invalidated as in real use. SQLite, and
# PostgreSQL when AFTERVIEW_BENCH_POSTGRES names a database URL to fill.
# Usage: benchmarks/web_mixed.sh [APPLICATIONS] [SECONDS]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
apps=${1:-10000}
seconds=${2:-20}
as_of=2026-11-23
bin=.venv/bin
work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

$bin/python benchmarks/core_corpus.py --applications "$apps" --out "$work/search.json"
run() {  # name database
  $bin/afterview --db "$2" --as-of $as_of import "$work/search.json" >/dev/null
  local port
  port=$($bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  $bin/afterview --db "$2" --as-of $as_of serve --port "$port" --quiet 2>"$work/server.log" &
  server=$!
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "## $1, $apps applications (load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
  $bin/python benchmarks/web_mixed.py "http://127.0.0.1:$port" "$seconds" 20
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}
run SQLite "$work/store.sqlite3"
if [ -n "${AFTERVIEW_BENCH_POSTGRES:-}" ]; then
  run PostgreSQL "$AFTERVIEW_BENCH_POSTGRES"
fi
