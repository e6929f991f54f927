#!/usr/bin/env bash
# The web app under a realistic mix: 20 clients, one request in ten a write (done, snooze,
# log contact through the JSON API), the rest Today and Application pages, on a store of
# 10,000 applications; so kept pages are invalidated as in real use. One probe asks
# /healthz meanwhile: the bare stack's latency under the same load, to read the pages'
# figures against on a busy machine. SQLite, then PostgreSQL: a server of the run's own
# (started as `nobody` when run as root, which PostgreSQL refuses), or the database
# AFTERVIEW_BENCH_POSTGRES names; AFTERVIEW_BENCH_POSTGRES=none skips it.
# Usage: benchmarks/web_mixed.sh [APPLICATIONS] [SECONDS]   (from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
apps=${1:-10000}
seconds=${2:-20}
as_of=2026-11-23
bin=.venv/bin
work=$(mktemp -d)
server=""
pg=""
failed=0
as_service=()
[ "$(id -u)" = 0 ] && as_service=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  wait 2>/dev/null
  [ -n "$pg" ] && (cd "$work" && "${as_service[@]}" "$pg/pg_ctl" -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1)
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { $bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
postgres() {  # start a throw-away server; its URL in $pg_url
  pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  mkdir -p "$work/pg/sock"
  [ "$(id -u)" = 0 ] && chown -R nobody:nogroup "$work/pg" && chmod 755 "$work"
  local port
  port=$(free_port)
  (cd "$work/pg" && "${as_service[@]}" "$pg/initdb" -D "$work/pg/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >/dev/null &&
   "${as_service[@]}" "$pg/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w \
    -o "-k $work/pg/sock -h 127.0.0.1 -p $port -c fsync=off -c full_page_writes=off" start >/dev/null)
  pg_url="postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
}

$bin/python benchmarks/core_corpus.py --applications "$apps" --out "$work/search.json"
run() {  # name database
  $bin/afterview --db "$2" --as-of $as_of import "$work/search.json" >/dev/null
  local port
  port=$(free_port)
  $bin/afterview --db "$2" --as-of $as_of serve --port "$port" --quiet 2>"$work/server.log" &
  server=$!
  for _ in $(seq 600); do  # a minute at most: a loaded machine starts it slowly
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "## $1, $apps applications (load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
  # A failed request is reported, and the next database still measured; the exit status tells.
  $bin/python benchmarks/web_mixed.py "http://127.0.0.1:$port" "$seconds" 20 || failed=1
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}
run SQLite "$work/store.sqlite3"
case "${AFTERVIEW_BENCH_POSTGRES:-}" in
  none) ;;
  "") postgres && run PostgreSQL "$pg_url" ;;
  *) run PostgreSQL "$AFTERVIEW_BENCH_POSTGRES" ;;
esac
exit $failed
