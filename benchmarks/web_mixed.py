"""Reads and writes together, as in real use: 20 clients, one request in ten a write.

    python benchmarks/web_mixed.py http://127.0.0.1:PORT [SECONDS] [CLIENTS]

Each client has its own session (cookie and CSRF token) and loops until the time
is up: Today and an Application page in turn, and every tenth request a write
through the JSON API (mark a task done, snooze one, log a contact), so the kept
pages are invalidated as they would be. Alongside, one probe asks /healthz (the same
stack without the database) every 50 ms: what any request pays for the queue under this
load, so the pages' own cost shows on a loaded machine. Prints p50/p99 per kind of
request, and exits non-zero if any request failed. Loopback only; bounded by time.
"""

from __future__ import annotations

import re
import statistics
import sys
import threading
import time
from collections import defaultdict

import httpx

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def client(base: str, number: int, until: float, apps: list[str], tasks: list[str],
           timings: dict[str, list[float]], failures: list[str], lock: threading.Lock) -> None:
    with httpx.Client(base_url=base, timeout=30) as http:
        token_found = TOKEN.search(http.get("/").text)
        if token_found is None:
            failures.append("no CSRF token on Today")
            return
        headers = {"x-csrf-token": token_found.group(1)}
        people: dict[str, str] = {}
        count = 0
        while time.monotonic() < until:
            count += 1
            app = apps[(number * 7 + count) % len(apps)]
            body: dict[str, object] | None = None
            if count % 10 == 0:
                write = (count // 10 + number) % 3
                task = tasks[(number * 31 + count) % len(tasks)]
                if write == 0:
                    kind, method, url = "write: done", "POST", f"/api/tasks/{task}/done"
                elif write == 1:
                    kind, method, url = "write: snooze", "POST", f"/api/tasks/{task}/snooze"
                else:
                    kind, method, url = "write: log contact", "POST", f"/api/applications/{app}/contacts"
                    body = {"kind": "other", "person": _someone(http, app, people), "force": True}
            elif count % 2:
                kind, method, url = "GET / (Today)", "GET", "/"
            else:
                kind, method, url = "GET /applications/{id}", "GET", f"/applications/{app}"
            started = time.perf_counter()
            response = http.request(method, url, headers=headers, json=body)
            elapsed = time.perf_counter() - started
            with lock:
                timings[kind].append(elapsed)
                # A task done or snoozed by another client meanwhile is a fair 4xx answer, not a failure.
                if response.status_code >= 500 or (response.status_code >= 400 and not kind.startswith("write")):
                    failures.append(f"{kind}: {response.status_code}")


def _someone(http: httpx.Client, app: str, people: dict[str, str]) -> str:
    """Someone on the application (a contact names a person on file), asked once per application."""
    if app not in people:
        people[app] = http.get(f"/api/applications/{app}").json()["people"][0]["name"]
    return people[app]


def probe(base: str, until: float, timings: dict[str, list[float]], failures: list[str],
          lock: threading.Lock) -> None:
    """The bare stack under the same load: /healthz, spaced so that it adds almost nothing."""
    with httpx.Client(base_url=base, timeout=30) as http:
        while time.monotonic() < until:
            started = time.perf_counter()
            response = http.get("/healthz")
            elapsed = time.perf_counter() - started
            with lock:
                timings["GET /healthz (bare stack)"].append(elapsed)
                if response.status_code != 200:
                    failures.append(f"healthz: {response.status_code}")
            time.sleep(0.05)


def main() -> None:
    base = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    with httpx.Client(base_url=base, timeout=30) as http:
        today = http.get("/api/today", params={"limit": 400}).json()
    tasks = [t["id"] for t in today["tasks"]]
    apps = sorted({t["application"] for t in today["tasks"] if t.get("application")})
    timings: dict[str, list[float]] = defaultdict(list)
    failures: list[str] = []
    lock = threading.Lock()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(base, n, until, apps, tasks, timings, failures, lock))
               for n in range(clients)]
    threads.append(threading.Thread(target=probe, args=(base, until, timings, failures, lock)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"| request ({clients} clients, {seconds:.0f} s, one write in ten) | count | p50 | p99 |")
    print("|---|---|---|---|")
    for kind in sorted(timings):
        values = timings[kind]
        print(f"| {kind} | {len(values)} | {statistics.median(values) * 1000:.1f} ms "
              f"| {_percentile(values, 0.99) * 1000:.1f} ms |")
    if failures:
        print(f"{len(failures)} failed requests, e.g. {failures[:3]}")
        sys.exit(1)


if __name__ == "__main__":
    main()
