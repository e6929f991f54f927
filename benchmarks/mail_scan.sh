#!/bin/sh
# Run the mail scan benchmark with the project's virtualenv; extra arguments go to it
# (e.g. `benchmarks/mail_scan.sh --size 256M`). Prints a markdown table.
set -eu
cd "$(dirname "$0")/.."
exec .venv/bin/python -m benchmarks.mail_scan "$@"
