"""Running the app: uvicorn in this process, safe by default.

Loopback needs no password (only this machine can connect). Any other address
refuses to start until a password is set, and then every page asks for it. A
password once set is asked for on loopback too: whoever set it expects it.
"""

from __future__ import annotations

import contextlib
import gc
import ipaddress
import logging
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from afterview.services.errors import UserError


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


@contextlib.contextmanager
def demo_database(as_of: date | None) -> Iterator[str]:
    """A throw-away SQLite file with the demo search; removed when the server stops."""
    from afterview.services.demo import load_demo
    from afterview.services.planning import local_today
    from afterview.services.store import open_store

    with tempfile.TemporaryDirectory(prefix="afterview-demo-") as folder:
        path = str(Path(folder) / "demo.sqlite3")
        store = open_store(path)
        if as_of is None:
            with store.reading() as conn:
                as_of = local_today(conn)
        load_demo(store, as_of)
        store.engine.dispose()
        yield path


def serve(*, db: str | None, host: str, port: int, demo: bool = False, as_of: date | None = None,
          access_log: bool = True) -> None:
    import uvicorn

    from afterview.services.accounts import has_password
    from afterview.services.store import open_store
    from afterview.web.app import create_app
    from afterview.web.security import RedactTokens
    from afterview.web.ticker import mail_tick

    with contextlib.ExitStack() as stack:
        if demo:
            db = stack.enter_context(demo_database(as_of))
        password = has_password(open_store(db))
        if not is_loopback(host) and not password:
            raise UserError(f"--host {host}: other machines could reach your job search without a password; "
                            f"run `afterview user set-password` first, or keep the default 127.0.0.1")
        # The loop sends what the outbox holds and reads replies while the server runs.
        app = create_app(db=db, as_of=as_of, auth_required=password, tick=mail_tick(open_store(db), as_of))
        # Everything loaded so far lives as long as the server: keep it out of the garbage collector's
        # rounds, which otherwise walk it again and again and show up as slow requests under load.
        gc.collect()
        gc.freeze()
        where = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
        logging.getLogger("uvicorn.error").info("Afterview%s at %s", " (demo data)" if demo else "", where)
        # One worker: the store is one SQLite file, and the background tick must run once, not per worker.
        config = uvicorn.Config(app, host=host, port=port, workers=1, access_log=access_log, log_level="info",
                                server_header=False, proxy_headers=False)
        # uvicorn set up its loggers when the config was made; from here on no log line carries a feed token.
        for name in ("uvicorn.access", "uvicorn.error", "afterview.web"):
            logging.getLogger(name).addFilter(RedactTokens())
        uvicorn.Server(config).run()
