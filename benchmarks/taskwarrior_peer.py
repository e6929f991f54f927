"""Write the open tasks of an Afterview SQLite store as a taskwarrior import file.

    python benchmarks/taskwarrior_peer.py STORE.sqlite3 OUT.json

So that `task +OVERDUE limit:50 list` is timed over the same tasks, with the same
due dates, as `afterview today`.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import uuid


def main() -> None:
    store, out = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(store)
    rows = conn.execute("SELECT id, kind, company, due FROM tasks WHERE status = 'open'").fetchall()
    with open(out, "w", encoding="utf-8") as handle:
        for task_id, kind, company, due in rows:
            handle.write(json.dumps({
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, task_id)),
                "description": f"{kind.replace('_', ' ')} {company or ''}".strip(),
                "status": "pending",
                "entry": "20260101T000000Z",
                "due": due.replace("-", "") + "T120000Z",
                "project": (company or "search").replace(" ", "_"),
            }) + "\n")
    print(f"{len(rows)} open tasks -> {out}")


if __name__ == "__main__":
    main()
