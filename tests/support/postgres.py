"""A real PostgreSQL server for the test session, started as an unprivileged user.

`pg_ctl` refuses to run as root, so as root the server runs as `nobody` through
setpriv; pytest itself stays as it is and connects over TCP on 127.0.0.1.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed; run scripts/system-packages")
    return path


def as_service_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a fresh server; stop it and remove its files afterwards."""
    root = Path(tempfile.mkdtemp(prefix="afterview-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "nobody", "nogroup")
        shutil.chown(sock, "nobody", "nogroup")
    os.chmod(root, 0o755)
    port = free_port()
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "check": True, "cwd": root}
    subprocess.run(as_service_user([_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]), **quiet)  # type: ignore[call-overload]
    options = f"-k {sock} -h 127.0.0.1 -p {port} -c fsync=off -c full_page_writes=off"
    subprocess.run(as_service_user([_bin("pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w",
                                    "-o", options, "start"]), **quiet)  # type: ignore[call-overload]
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_service_user([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=root, check=False)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def fresh_database(server: str, name: str) -> Iterator[str]:
    """A new, empty database called `name` on `server` (a URL of its `postgres` database),
    dropped afterwards even if a client is still connected."""
    import sqlalchemy as sa

    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
