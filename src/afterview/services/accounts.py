"""Passwords for the web app, hashed with argon2 and kept in the `users` table.

Local use on 127.0.0.1 needs no account; a password is what lets `afterview serve`
listen on any other address.
"""

from __future__ import annotations

from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from afterview.services.errors import UserError
from afterview.services.store import Store
from afterview.store import schema as t

DEFAULT_USERNAME = "owner"
MIN_PASSWORD = 10
MAX_PASSWORD = 1024


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    # Checked against when the user does not exist, so that a wrong name costs
    # as long as a wrong password and the timing does not reveal which it was.
    return _hasher().hash("a password nobody has")


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 100 or any(c.isspace() for c in name):
        raise UserError("the user name must be one word of up to 100 characters", field="username",
                        code="bad-username", hint="give one word, e.g. owner")
    return name


def set_password(store: Store, username: str, password: str) -> None:
    """Create the user or change their password."""
    name = check_username(username)
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password is too short; use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"the password is too long; use at most {MAX_PASSWORD} characters")
    hashed = _hasher().hash(password)
    with store.transaction() as conn:
        # A new password ends every session signed in under the old one: the epoch moves on.
        epoch = conn.execute(sa.select(t.users.c.session_epoch).where(t.users.c.username == name)).scalar()
        conn.execute(sa.delete(t.users).where(t.users.c.username == name))
        conn.execute(sa.insert(t.users).values(username=name, password_hash=hashed,
                                               session_epoch=(epoch or 0) + 1))


def session_epoch(store: Store, username: str) -> int | None:
    """The epoch a session of this user must carry to be valid; None when there is no such user."""
    with store.reading() as conn:
        epoch = conn.execute(sa.select(t.users.c.session_epoch).where(t.users.c.username == username)).scalar()
    return None if epoch is None else int(epoch)


def end_sessions(store: Store, username: str) -> None:
    """Signing out ends every session of the user, on every device: cookies cannot be recalled, epochs can."""
    with store.transaction() as conn:
        conn.execute(sa.update(t.users).where(t.users.c.username == username)
                     .values(session_epoch=t.users.c.session_epoch + 1))


def has_password(store: Store) -> bool:
    with store.reading() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(t.users)).scalar_one() > 0


def verify(store: Store, username: str, password: str) -> bool:
    """Whether this user exists and the password is theirs; upgrades an outdated hash on success."""
    name = username.strip()
    if len(password) > MAX_PASSWORD:
        return False
    with store.reading() as conn:
        stored = conn.execute(sa.select(t.users.c.password_hash).where(t.users.c.username == name)).scalar()
    try:
        _hasher().verify(stored or _decoy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    if stored is None:
        return False
    if _hasher().check_needs_rehash(stored):
        with store.transaction() as conn:
            conn.execute(sa.update(t.users).where(t.users.c.username == name)
                         .values(password_hash=_hasher().hash(password)))
    return True
