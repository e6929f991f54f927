#!/usr/bin/env bash
# The web app under load: Today, one Application page and the bare /healthz of the same stack,
# then a mixed read/write run on SQLite and PostgreSQL (benchmarks/web_mixed_load.py),
# each at 20 concurrent clients on loopback for a bounded time, with wrk's latency percentiles.
# The store holds 10,000 applications (the same corpus as benchmarks/core.sh).
# Usage: benchmarks/web_load.sh [APPLICATIONS] [SECONDS]   (from the repository root)
# One uvicorn worker and wrk -t2: the reference machine has two cores.
set -euo pipefail
cd "$(dirname "$0")/.."
apps=${1:-10000}
seconds=${2:-10}
as_of=2026-11-23
bin=.venv/bin
work=$(mktemp -d)
port=$($bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

$bin/python benchmarks/core_corpus.py --applications "$apps" --out "$work/search.json"
$bin/afterview --db "$work/store.sqlite3" --as-of $as_of import "$work/search.json"
app_id=$($bin/python -c 'import json, sys; print(json.load(open(sys.argv[1]))["applications"][0]["id"])' "$work/search.json")

$bin/afterview --db "$work/store.sqlite3" --as-of $as_of serve --port "$port" --quiet 2>"$work/server.log" &
server=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log"; exit 1; }

measure() {  # name url
  curl -fs -o /dev/null "$2"  # warm up: templates compiled, connections open
  wrk -t2 -c20 -d"${seconds}s" --latency "$2" >"$work/wrk.txt"
  local p50 p99 rps errors
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.txt")
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  errors=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.txt")
  printf '| %-28s | %8s | %8s | %9s | %s |\n' "$1" "$p50" "$p99" "$rps" "${errors:-0}"
}

echo "## web, $apps applications, 20 clients, ${seconds}s each (wrk -t2 -c20, one uvicorn worker)"
echo "| page                         |      p50 |      p99 |     req/s | non-2xx |"
echo "|------------------------------|----------|----------|-----------|---------|"
measure "GET /healthz (bare)" "http://127.0.0.1:$port/healthz"
measure "GET / (Today, 50 of many)" "http://127.0.0.1:$port/"
measure "GET /applications/$app_id" "http://127.0.0.1:$port/applications/$app_id"
measure "GET /api/today" "http://127.0.0.1:$port/api/today"

# Mixed reads and writes on SQLite and PostgreSQL: 20 web clients, one request in ten a write
# (done, snooze, log contact), and two CLI writers; counts server errors by status (target: none).
echo
$bin/python -m benchmarks.web_mixed_load --db both --applications "$apps" --seconds "$seconds"
