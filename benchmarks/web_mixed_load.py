"""The web app under mixed load: 20 web clients (one request in ten a write) and 2 CLI writers.

    python -m benchmarks.web_mixed_load --db sqlite       # benchmarks/web_load.sh runs both
    python -m benchmarks.web_mixed_load --db postgres --applications 10000 --seconds 20

The store holds the benchmark corpus (benchmarks/core_corpus.py). wrk drives 20
connections: nine requests in ten read Today or an Application page, the tenth writes
(mark a task done, snooze one, or log a contact through the JSON API, with the session's
CSRF token). Meanwhile two CLI processes log contacts one after another. Every answer is
counted by status: the target is no server error (5xx) at all; a busy store may answer
503 with a JSON error, never 500. Prints a markdown row per database.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
AS_OF = "2026-11-23"

LUA = r"""
local reads, writes = {}, {}
local counter = 0
statuses = {}
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function(args)
  local headers = {["Cookie"] = "__COOKIE__", ["X-CSRF-Token"] = "__CSRF__",
                   ["Content-Type"] = "application/json"}
  local apps = {__APPS__}
  local tasks = {__TASKS__}
  local person = "__PERSON__"
  table.insert(reads, wrk.format("GET", "/", {["Cookie"] = "__COOKIE__"}))
  for i, app in ipairs(apps) do
    table.insert(reads, wrk.format("GET", "/applications/" .. app, {["Cookie"] = "__COOKIE__"}))
  end
  for i, task in ipairs(tasks) do
    table.insert(writes, wrk.format("POST", "/api/tasks/" .. task .. "/snooze", headers))
    table.insert(writes, wrk.format("POST", "/api/tasks/" .. task .. "/done", headers))
  end
  for i, app in ipairs(apps) do
    table.insert(writes, wrk.format("POST", "/api/applications/" .. app .. "/contacts", headers,
      '{"kind": "other", "person": "' .. person .. '", "channel": "phone", "force": true}'))
  end
  counter = math.random(1, 1000)
end

request = function()
  counter = counter + 1
  if counter % 10 == 0 then
    return writes[(counter / 10) % #writes + 1]
  end
  return reads[counter % #reads + 1]
end

response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

done = function(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, status .. "=" .. n)
  end
  io.write("STATUSES " .. table.concat(parts, ",") .. "\n")
  io.write(string.format("LATENCY p50=%.2f p99=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'load.sqlite3'}"
        return
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import postgres_server

    with postgres_server() as url:
        yield url


def afterview(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "afterview"), "--db", url, "--as-of", AS_OF, *args], capture_output=True,
                          text=True, timeout=1200, cwd=ROOT)


@contextlib.contextmanager
def server(url: str, folder: Path) -> Iterator[str]:
    port = free_port()
    log = (folder / "server.log").open("w")
    process = subprocess.Popen([str(BIN / "afterview"), "--db", url, "--as-of", AS_OF, "serve", "--port", str(port),
                                "--quiet"], stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def session(base: str) -> tuple[str, str]:
    with urllib.request.urlopen(base + "/api/session") as answer:
        cookie = answer.headers["set-cookie"].split(";", 1)[0]
        token = json.loads(answer.read())["csrf_token"]
    return cookie, token


def open_tasks(base: str, cookie: str) -> list[str]:
    request = urllib.request.Request(base + "/api/today?limit=500", headers={"Cookie": cookie})
    with urllib.request.urlopen(request) as answer:
        return [task["id"] for task in json.loads(answer.read())["tasks"]]


def cli_writers(url: str, apps: list[str], person: str, stop: threading.Event, outcomes: Counter[str]) -> None:
    """Log contacts one after another until told to stop (bounded by the run's length)."""
    n = 0
    while not stop.is_set():
        run = afterview(url, "log", "contact", apps[n % len(apps)], "--kind", "other", "--person", person,
                        "--channel", "phone", "--force")
        crashed = run.returncode not in (0, 1, 2, 3) or "Traceback" in run.stderr or "unexpected" in run.stderr
        outcomes["crash" if crashed else f"exit {run.returncode}"] += 1
        n += 1


def run(kind: str, applications: int, seconds: int) -> str:
    from urllib.parse import quote

    with tempfile.TemporaryDirectory(prefix="afterview-load-") as tmp:
        folder = Path(tmp)
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "core_corpus.py"), "--applications",
                        str(applications), "--out", str(folder / "search.json")], check=True, cwd=ROOT)
        corpus = json.loads((folder / "search.json").read_text())
        apps = [a["id"] for a in corpus["applications"][:50]]
        person = corpus["applications"][0]["people"][0]["name"]
        with database(kind, folder) as url:
            imported = afterview(url, "import", str(folder / "search.json"))
            if imported.returncode != 0:
                raise SystemExit(imported.stderr)
            with server(url, folder) as base:
                cookie, token = session(base)
                tasks = open_tasks(base, cookie)[:200]
                script = (LUA.replace("__COOKIE__", cookie).replace("__CSRF__", token)
                          .replace("__APPS__", ", ".join(json.dumps(quote(a, safe="")) for a in apps))
                          .replace("__TASKS__", ", ".join(json.dumps(quote(t, safe="")) for t in tasks))
                          .replace("__PERSON__", person))
                (folder / "mixed.lua").write_text(script)
                stop, cli = threading.Event(), Counter[str]()
                writers = [threading.Thread(target=cli_writers, args=(url, apps[i::2], person, stop, cli))
                           for i in range(2)]
                for writer in writers:
                    writer.start()
                try:
                    wrk = subprocess.run(["wrk", "-t2", "-c20", f"-d{seconds}s", "--latency", "-s",
                                          str(folder / "mixed.lua"), base + "/"], capture_output=True, text=True,
                                         timeout=seconds + 120)
                finally:
                    stop.set()
                    for writer in writers:
                        writer.join(timeout=120)
            log = (folder / "server.log").read_text()
    if "Traceback" in log:
        start = log.index("Traceback")
        print(log[max(0, log.rfind("\n", 0, start - 200)):start + 3000], file=sys.stderr)
    if "LATENCY" not in wrk.stdout:
        raise SystemExit(f"wrk did not finish: {wrk.stdout[-2000:]} {wrk.stderr[-2000:]}")
    statuses = Counter({int(s): int(n) for s, n in re.findall(r"(\d+)=(\d+)", _line(wrk.stdout, "STATUSES"))})
    p50, p99 = re.findall(r"p\d+=([\d.]+)", _line(wrk.stdout, "LATENCY"))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", wrk.stdout)
    server_errors = sum(n for s, n in statuses.items() if s >= 500)
    failures = sum(n for s, n in statuses.items() if s == 500)
    shown = ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
    writes = sum(cli.values())
    return (f"| {kind} | {applications:,} | {sum(statuses.values()):,} | {rps.group(1) if rps else '?'} | {p50} ms "
            f"| {p99} ms | {server_errors} (500: {failures}) | {shown} | {writes} ({dict(cli)}) "
            f"| {log.count('Traceback')} |")


def _line(text: str, prefix: str) -> str:
    return next((line for line in text.splitlines() if line.startswith(prefix)), prefix)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--applications", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=20)
    args = parser.parse_args()
    print(f"## mixed load: 20 web clients (1 request in 10 a write: done, snooze, log contact) + 2 CLI writers, "
          f"{args.seconds}s (wrk -t2 -c20, one uvicorn worker)")
    print("| database | applications | requests | req/s | p50 | p99 | server errors | statuses | CLI writes "
          "| tracebacks in the server log |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind in (("sqlite", "postgres") if args.db == "both" else (args.db,)):
        print(run(kind, args.applications, args.seconds), flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
