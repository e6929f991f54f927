"""Print each command's median from a hyperfine JSON export (hyperfine's own summary shows means)."""

from __future__ import annotations

import json
import sys


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        results = json.load(handle)["results"]
    for result in results:
        median, low, high = (result[k] * 1000 for k in ("median", "min", "max"))
        runs = len(result["times"])
        print(f"{result['command']}: median {median:.1f} ms (min {low:.1f}, max {high:.1f}, {runs} runs)")


if __name__ == "__main__":
    main()
