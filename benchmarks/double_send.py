"""Exactly once under a race: many senders of one task at the same moment, deliveries counted.

    python -m benchmarks.double_send                    # SQLite and PostgreSQL, 5 races each
    python -m benchmarks.double_send --rounds 20 --db sqlite

Each race starts a real SMTP server (aiosmtpd) on loopback and 20 senders of the same
task, all released at one instant: CLI processes (`afterview send`), service calls
(queue then deliver, as the CLI does), the background tick, and two Send clicks on the
web app's Draft page. It counts what the SMTP server received. Every sender must end
in one of: sent, "already" (queued, sent or done by another), or busy (the store asked
it to try again); anything else is a crash. Then one more tick, as the server's background
loop would run, sends what a busy sender left queued. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

AS_OF = date(2026, 11, 23)
# Two demo tasks whose thank-you notes pass every check: one race per task.
TASKS = ("northwind-office-manager:thank_you_email:r1:dana-whitfield",
         "northwind-office-manager:thank_you_email:r1:marcus-lee")
ROOT = Path(__file__).resolve().parent.parent
# How long before the common start the CLI processes are launched (they import the CLI meanwhile).
LEAD_SECONDS = 3.0


@dataclass
class Inbox:
    envelopes: list[Envelope] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.envelopes.append(envelope)
        return "250 kept"


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    import socket

    with socket.socket() as probe:  # aiosmtpd cannot take port 0
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def prepare(url: str, smtp_port: int) -> None:
    """The demo search in a fresh store, sending through the test's SMTP server."""
    from afterview.services.demo import load_demo
    from afterview.services.mail_settings import configure_smtp
    from afterview.services.store import open_store

    store = open_store(url)
    load_demo(store, AS_OF)
    configure_smtp(store, host="127.0.0.1", port=smtp_port, security="none", username=None)
    store.engine.dispose()


def classify_error(error: BaseException) -> str:
    from afterview.services.errors import StoreUnavailable, UserError

    if isinstance(error, StoreUnavailable):
        return "busy"
    if isinstance(error, UserError):
        return "already" if re.search(r"already (in the outbox|done|sent)", error.message) else f"refused: {error}"
    return f"crash: {error!r}"


def _service_sender(url: str, task_id: str) -> Callable[[], str]:
    def send() -> str:
        from afterview.services import outbox
        from afterview.services.store import open_store

        store = open_store(url)
        try:
            entry = outbox.queue(store, task_id, AS_OF)
            return outbox.deliver(store, entry, AS_OF).state
        except Exception as error:
            return classify_error(error)
        finally:
            store.engine.dispose()
    return send


def _ticker(url: str) -> Callable[[], str]:
    def tick() -> str:
        from afterview.services import outbox
        from afterview.services.store import open_store

        store = open_store(url)
        try:
            states = [entry.state for entry in outbox.tick(store, AS_OF)]
            return "tick: " + (",".join(states) or "nothing due")
        except Exception as error:
            return classify_error(error)
        finally:
            store.engine.dispose()
    return tick


def _web_click(url: str, task_id: str) -> tuple[Callable[[], None], Callable[[], str]]:
    """(get ready, click): the page is opened before the start, the Send button pressed at it."""
    from fastapi.testclient import TestClient

    from afterview.services import drafts
    from afterview.services.store import open_store
    from afterview.web.app import create_app

    state: dict[str, object] = {}

    def ready() -> None:
        client = TestClient(create_app(db=url, as_of=AS_OF), base_url="http://127.0.0.1")
        client.__enter__()
        store = open_store(url)
        draft = drafts.draft_for(store, task_id, AS_OF).draft
        store.engine.dispose()
        token = client.get("/api/session").json()["csrf_token"]
        state.update(client=client, form={"csrf_token": token, "subject": draft.subject or "", "body": draft.body})

    def click() -> str:
        client = state["client"]
        assert isinstance(client, TestClient)
        try:
            answer = client.post(f"/tasks/{task_id}/send", data=state["form"], follow_redirects=False)
        finally:
            client.__exit__(None, None, None)
        if answer.status_code == 303:
            return "web: sent or queued"
        if answer.status_code in (409, 422) and re.search(r"already (in the outbox|done|sent)", answer.text):
            return "already"
        if answer.status_code == 503 or (answer.status_code == 422 and "is busy with another change" in answer.text):
            return "busy"
        said = re.findall(r'<p class="error"[^>]*>([^<]*)<', answer.text)
        return f"crash: web answered {answer.status_code}: {said[:1]}"

    return ready, click


def _cli_command(url: str, task_id: str, start: float) -> list[str]:
    return [sys.executable, "-m", "benchmarks.double_send", "--cli-worker", repr(start), "--",
            "--db", url, "--as-of", AS_OF.isoformat(), "send", task_id]


def _cli_outcome(process: subprocess.Popen[str]) -> str:
    try:
        out, err = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return "hang: a CLI sender did not finish in 120 s"
    if process.returncode == 0:
        return "sent"
    if re.search(r"already (in the outbox|done|sent)", err):
        return "already"
    if "try again" in err and process.returncode == 2:
        return "busy"
    return f"crash: exit {process.returncode}: {(err or out).strip()[-300:]}"


@dataclass(frozen=True)
class Race:
    outcomes: Counter[str]
    deliveries: int


def race(url: str, task_id: str, inbox: Inbox, *, cli: int = 8, service: int = 8, ticks: int = 2,
         web: int = 2) -> Race:
    """Release `cli + service + ticks + web` senders of one task at one instant; count deliveries."""
    before = len(inbox.envelopes)
    start = time.time() + LEAD_SECONDS
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    processes = [subprocess.Popen(_cli_command(url, task_id, start), cwd=ROOT, env=env, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(cli)]
    calls: list[Callable[[], str]] = [_service_sender(url, task_id) for _ in range(service)]
    calls += [_ticker(url) for _ in range(ticks)]
    for _ in range(web):
        ready, click = _web_click(url, task_id)
        ready()
        calls.append(click)
    results: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], str]) -> None:
        time.sleep(max(0.0, start - time.time()))
        outcome = call()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    results += [_cli_outcome(p) for p in processes]
    # The background loop's next pass: a message queued by a sender that then found the store busy
    # goes out now; one already sent or on its way is never sent again.
    results.append("settling " + _ticker(url)())
    time.sleep(0.2)  # anything still in flight reaches the SMTP server
    return Race(Counter(results), len(inbox.envelopes) - before)


def _cli_worker(start: float, argv: list[str]) -> None:
    """One CLI sender: import everything first, then wait for the common start and run `afterview send`."""
    from afterview.cli.main import load_commands, run

    load_commands(argv)  # a command loads its code when it runs; here, before the common start
    time.sleep(max(0.0, start - time.time()))
    sys.argv = ["afterview", *argv]
    run()


@contextlib.contextmanager
def database(kind: str, folder: Path, index: int) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'race{index}.sqlite3'}"
        return
    server = _postgres_server()  # puts the repository on the path for tests.support
    from tests.support.postgres import fresh_database

    with fresh_database(server, f"race{os.getpid()}_{index}") as url:
        yield url


_SERVERS: list[str] = []
_STACK = contextlib.ExitStack()


def _postgres_server() -> str:
    if not _SERVERS:
        sys.path.insert(0, str(ROOT))
        from tests.support.postgres import postgres_server

        _SERVERS.append(_STACK.enter_context(postgres_server()))
    return _SERVERS[0]


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--cli-worker":
        _cli_worker(float(sys.argv[2]), sys.argv[4:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="races per database (each on a fresh store)")
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    args = parser.parse_args()
    kinds = ("sqlite", "postgres") if args.db == "both" else (args.db,)
    print("| database | races | senders per race | deliveries | duplicates | crashes | outcomes |")
    print("|----------|-------|------------------|------------|------------|---------|----------|")
    with _STACK, TemporaryDirectory(prefix="afterview-race-") as folder:
        for kind in kinds:
            total: Counter[str] = Counter()
            deliveries = duplicates = 0
            for index in range(args.rounds):
                with smtp_server() as (inbox, port), database(kind, Path(folder), index) as url:
                    prepare(url, port)
                    result = race(url, TASKS[index % len(TASKS)], inbox)
                total.update(result.outcomes)
                deliveries += result.deliveries
                duplicates += max(0, result.deliveries - 1)
            crashes = sum(n for outcome, n in total.items() if outcome.startswith(("crash", "hang")))
            summary = ", ".join(f"{outcome}: {n}" for outcome, n in sorted(total.items()))
            print(f"| {kind} | {args.rounds} | 20 | {deliveries} | {duplicates} | {crashes} | {summary} |")


if __name__ == "__main__":
    main()
