#!/usr/bin/env bash
# The core's speed figures for the README, in one run:
#   - importing a 10,000-application / 40,000-interaction document;
#   - `afterview today` (piped, as scripts call it) next to taskwarrior's
#     `task +OVERDUE limit:50 list` over the same open tasks;
#   - re-deriving every plan: the pure derivation (pytest-benchmark) and the
#     whole `afterview replan` command (derive and store).
# Usage: benchmarks/core.sh [APPLICATIONS]   (run from the repository root, after scripts/test)
set -euo pipefail
cd "$(dirname "$0")/.."
apps=${1:-10000}
as_of=2026-11-23
bin=.venv/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$bin/python benchmarks/core_corpus.py --applications "$apps" --out "$work/search.json"
store="$work/store.sqlite3"
echo "## import"
/usr/bin/time -f "import: %e s wall, %M KB peak RSS" $bin/afterview --db "$store" --as-of $as_of import "$work/search.json"

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
  -n "task +OVERDUE limit:50 list" "task +OVERDUE limit:50 list"
medians "$work/today.json"

echo "## re-deriving every plan"
hyperfine --warmup 1 --runs 5 --style basic --export-json "$work/replan.json" \
  -n "afterview replan" "$bin/afterview --db $store --as-of $as_of replan"
medians "$work/replan.json"
AFTERVIEW_BENCH_DOCUMENT="$work/search.json" $bin/python -m pytest benchmarks/test_core_speed.py -q \
  --benchmark-enable --benchmark-columns=min,median,max --benchmark-sort=name -p no:cacheprovider
