#!/usr/bin/env bash
# The core's speed figures for the README, in one run:
#   - importing a 10,000-application / 40,000-interaction document (3% offers, 21
#     of them pending, 10% rejections): time, peak RSS and the SQLite file's size;
#   - `afterview today` (piped, as scripts call it, and at a terminal through a
#     pty) next to taskwarrior's `task +OVERDUE limit:50 list` over the same open tasks;
#   - re-deriving every plan: the pure derivation (pytest-benchmark) and the
#     whole `afterview replan` command (derive and store);
#   - recording one contact and drafting one note on that store (the command, and
#     the service in-process with pytest-benchmark).
# Usage: benchmarks/core.sh [APPLICATIONS]   (run from the repository root, after scripts/test)
set -euo pipefail
cd "$(dirname "$0")/.."
apps=${1:-10000}
as_of=2026-11-23
bin=.venv/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Timed as an installed copy runs: with its bytecode compiled (pip compiles it at install). A checkout
# run under PYTHONDONTWRITEBYTECODE compiled every module it loaded again on every call.
$bin/python -m compileall -q src >/dev/null

$bin/python benchmarks/core_corpus.py --applications "$apps" --out "$work/search.json"
store="$work/store.sqlite3"
echo "## import"
/usr/bin/time -f "import: %e s wall, %U s user, %M KB peak RSS" \
  $bin/afterview --db "$store" --as-of $as_of import "$work/search.json"
echo "store file: $(( $(stat -c %s "$store") / 1024 / 1024 )) MB"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

echo "## today, next to taskwarrior"
$bin/python benchmarks/taskwarrior_peer.py "$store" "$work/tasks.json"
export TASKRC="$work/taskrc" TASKDATA="$work/task"
mkdir -p "$TASKDATA"
printf 'data.location=%s\nconfirmation=off\nverbose=nothing\ngc=off\nhooks=off\nnews.version=99.99.99\n' "$TASKDATA" > "$TASKRC"
task import "$work/tasks.json" >/dev/null 2>&1
medians() { $bin/python benchmarks/hyperfine_medians.py "$1"; }  # the README quotes medians
hyperfine --warmup 3 --runs 30 --style basic --export-json "$work/today.json" \
  -n "afterview today" "$bin/afterview --db $store --as-of $as_of today" \
  -n "afterview today --json --limit 50" "$bin/afterview --db $store --as-of $as_of today --json --limit 50" \
  -n "afterview today --json --limit 50 (terminal)" \
  "script -qec '$bin/afterview --db $store --as-of $as_of today --json --limit 50' /dev/null" \
  -n "afterview today (terminal)" "script -qec '$bin/afterview --db $store --as-of $as_of today' /dev/null" \
  -n "task +OVERDUE limit:50 list" "task +OVERDUE limit:50 list"
medians "$work/today.json"

echo "## re-deriving every plan"
hyperfine --warmup 1 --runs 5 --style basic --export-json "$work/replan.json" \
  -n "afterview replan" "$bin/afterview --db $store --as-of $as_of replan"
medians "$work/replan.json"

echo "## recording one contact, drafting one note"
app=app-00042
note=$(sqlite3 "$store" "SELECT id FROM tasks WHERE application_id = '$app' AND kind = 'thank_you_email' LIMIT 1")
person=$(sqlite3 "$store" "SELECT name FROM people WHERE application_id = '$app' LIMIT 1")  # a contact names someone on file
hyperfine --warmup 2 --runs 15 --style basic --export-json "$work/write.json" \
  -n "afterview log contact --force" \
  "$bin/afterview --db $store --as-of $as_of log contact $app --kind other --person '$person' --force" \
  -n "afterview draft (one note)" "$bin/afterview --db $store --as-of $as_of draft $note"
medians "$work/write.json"
cp "$store" "$work/bench.sqlite3"
AFTERVIEW_BENCH_DOCUMENT="$work/search.json" AFTERVIEW_BENCH_STORE="$work/bench.sqlite3" \
  $bin/python -m pytest benchmarks/test_core_speed.py benchmarks/test_store_speed.py -q \
  --benchmark-enable --benchmark-columns=min,median,max --benchmark-sort=name -p no:cacheprovider
