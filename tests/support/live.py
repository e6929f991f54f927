"""The app served for real: uvicorn on a free port of 127.0.0.1, in a thread, for one test."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date

import uvicorn

from afterview.web import create_app
from tests.support.postgres import free_port


def run_server(db: str, as_of: date) -> Iterator[str]:
    """Yields the server's base URL; stops the server afterwards."""
    port = free_port()
    config = uvicorn.Config(create_app(db=db, as_of=as_of), host="127.0.0.1", port=port, log_level="warning",
                            access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
