#!/usr/bin/env bash
# Drafting and checking one note on a large store, as a command: with the word libraries'
# answers kept from earlier runs (every note after the first) and without them (the first
# note after an install or an upgrade of the libraries). Medians, as the README quotes them.
# Usage: benchmarks/draft_one_note.sh STORE [TASK_ID] [AS_OF]   (run from the repository root)
set -euo pipefail
cd "$(dirname "$0")/.."
store=$1
as_of=${3:-2026-11-23}
note=${2:-$(sqlite3 "$store" "SELECT id FROM tasks WHERE application_id = 'app-00042' AND kind = 'thank_you_email' LIMIT 1")}
bin=.venv/bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
hyperfine --warmup 2 --runs 15 --style basic --export-json "$work/kept.json" \
  -n "afterview draft (answers kept)" "$bin/afterview --db $store --as-of $as_of draft $note"
$bin/python benchmarks/hyperfine_medians.py "$work/kept.json"
hyperfine --runs 10 --style basic --prepare "rm -rf $XDG_CACHE_HOME" --export-json "$work/first.json" \
  -n "afterview draft (first note)" "$bin/afterview --db $store --as-of $as_of draft $note"
$bin/python benchmarks/hyperfine_medians.py "$work/first.json"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
