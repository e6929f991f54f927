"""What a read message was (`mail_seen.kind`) is kept apart from the outcome it suggested
(`mail_seen.suggestion`): a scan writes them apart, migration 0008 splits a store written
before, and a backup keeps both (an older document's class moves out of `suggestion`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import sqlalchemy as sa

from afterview.domain.backup import Backup, SeenMessage
from afterview.domain.plain import backup_from, backup_plain
from afterview.services import inbox
from afterview.services.store import Store
from afterview.store import schema as t
from afterview.store.keepings import read_mail_seen
from tests.mail.test_inbox_meaning import EXCHANGE_OOO

AS_OF = date(2026, 11, 23)
REJECTION = ("From: Hank Scorpio <hank@globex.example>\nTo: alex.morgan@example.net\nSubject: Your application\n"
             "Date: Tue, 24 Nov 2026 11:00:00 +0000\nMessage-ID: <rej9@globex.example>\n\n"
             "Dear Alex,\n\nUnfortunately, we will not be offering the position to you.\n")
NEWS = ("From: Hank Scorpio <hank@globex.example>\nTo: alex.morgan@example.net\nSubject: Globex news\n"
        "Date: Tue, 24 Nov 2026 12:00:00 +0000\nMessage-ID: <news1@globex.example>\nPrecedence: bulk\n"
        "List-Id: <news.globex.example>\n\nThis month at Globex.\n")


def _mbox(path: Path, *messages: str) -> Path:
    path.write_bytes(b"".join(b"From x@y Tue Nov 24 10:15:00 2026\n" + m.encode() + b"\n" for m in messages))
    return path


def test_a_scan_notes_what_each_message_was_apart_from_what_it_suggested(demo_store: Store, tmp_path: Path) -> None:
    inbox.scan(demo_store, AS_OF, mbox=_mbox(tmp_path / "in.mbox", REJECTION, EXCHANGE_OOO, NEWS))
    with demo_store.reading() as conn:
        rows = {r.message_key: (r.kind, r.suggestion) for r in conn.execute(sa.select(t.mail_seen))}
    assert rows == {"<rej9@globex.example>": ("reply", "rejected"), "<ooo1@globex.example>": ("auto_reply", None),
                    "<news1@globex.example>": ("ignored", None)}
    with demo_store.reading() as conn:
        seen = read_mail_seen(conn)
    assert {(m.key, m.kind, m.suggestion) for m in seen} == {(k, *v) for k, v in rows.items()}
    again = backup_from(backup_plain(_backup(seen)))
    assert again.mail_seen == tuple(seen)


def _backup(seen: tuple[SeenMessage, ...]) -> Backup:
    return Backup(mail_seen=seen)


def test_an_older_document_keeps_its_class_as_the_kind() -> None:
    document = backup_plain(_backup((SeenMessage("<a@x>", suggestion="auto_reply"),
                                     SeenMessage("<b@x>", suggestion="offer"))))
    for m in document["mail_seen"]:
        m.pop("kind", None)  # as written before `kind` existed
    restored = backup_from(document)
    assert [(m.key, m.kind, m.suggestion) for m in restored.mail_seen] == [
        ("<a@x>", "auto_reply", None), ("<b@x>", "reply", "offer")]


def test_migration_0008_splits_the_two_meanings_and_back(tmp_path: Path) -> None:
    from alembic import command

    from afterview.store.migrate import alembic_config

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    old = [("<r@x>", "rejected"), ("<p@x>", None), ("<o@x>", "auto_reply"), ("<b@x>", "bounce"),
           ("<u@x>", "unreadable"), ("<i@x>", "ignored"), ("<a@x>", "answer")]
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0007")
        for key, suggestion in old:
            conn.execute(sa.text("INSERT INTO mail_seen (message_key, suggestion) VALUES (:k, :s)"),
                         {"k": key, "s": suggestion})
        command.upgrade(alembic_config(conn), "0008")
        rows = dict(conn.execute(sa.text("SELECT message_key, kind || '/' || coalesce(suggestion, '-') "
                                         "FROM mail_seen")).all())
        assert rows == {"<r@x>": "reply/rejected", "<p@x>": "reply/-", "<o@x>": "auto_reply/-",
                        "<b@x>": "bounce/-", "<u@x>": "unreadable/-", "<i@x>": "ignored/-", "<a@x>": "answer/-"}
        command.downgrade(alembic_config(conn), "0007")
        assert sorted(conn.execute(sa.text("SELECT message_key, suggestion FROM mail_seen")).all()) == sorted(old)
    engine.dispose()
