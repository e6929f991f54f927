"""The tables. Facts are normalised per entity; value objects that are only ever
read whole with their interview (notes, debrief, away periods) are JSON columns.

The `tasks` table is the plan, materialised: it is rewritten whenever the facts of
an application change, so that reading today's tasks is one indexed query.
Changing a table here needs a new Alembic migration in `migrations/versions`.
"""

from __future__ import annotations

import sqlalchemy as sa

from afterview.domain import limits

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def text(field: str) -> sa.String:
    """A column for a user's text field, as long as the one spec (domain.limits) allows."""
    return sa.String(limits.text_limit(field).max_length)


def _application_fk() -> sa.Column[str]:
    return sa.Column(
        "application_id", text("application_id"), sa.ForeignKey("applications.id", ondelete="CASCADE"), nullable=False
    )


profile = sa.Table(
    "profile", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", text("name"), nullable=False, default=""),
    sa.Column("email", text("email")),
    sa.Column("phone", text("phone")),
    sa.Column("country", text("country"), nullable=False),
    sa.Column("subdivision", text("subdivision")),
    sa.Column("timezone", text("timezone"), nullable=False),
    sa.Column("strengths", sa.JSON, nullable=False),
    sa.Column("pipeline_target", sa.Integer, nullable=False),
    sa.Column("send_cards", sa.Boolean, nullable=False),
    sa.Column("cadence", sa.JSON, nullable=False),
)

references = sa.Table(
    "job_references", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", text("name"), nullable=False, unique=True),
    sa.Column("email", text("email")),
    sa.Column("phone", text("phone")),
    sa.Column("relationship", text("relationship")),
)

applications = sa.Table(
    "applications", metadata,
    sa.Column("id", text("application_id"), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("company", text("company"), nullable=False),
    sa.Column("role", text("role")),
    sa.Column("country", text("country")),
    sa.Column("subdivision", text("subdivision")),
    sa.Column("applied_on", sa.Date),
    sa.Column("source", sa.String(20), nullable=False),
    sa.Column("interested", sa.Boolean, nullable=False),
    sa.Column("outcome_kind", sa.String(20)),
    sa.Column("outcome_on", sa.Date),
    sa.Column("outcome_deadline", sa.Date),
    sa.Column("outcome_offered_on", sa.Date),
    sa.Column("outcome_reason", sa.Text),
    # Derived: the day the move-on task falls due (the application goes quiet).
    sa.Column("no_response_from", sa.Date),
    # Put away by the user: out of the plan and the pipeline, kept with its history.
    sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()),
)
# Recording one fact looks up the applications to the same company, whatever the capitalisation.
sa.Index("ix_applications_company_lower", sa.func.lower(applications.c.company))

people = sa.Table(
    "people", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _application_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name", text("name"), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("title", text("title")),
    sa.Column("email", text("email")),
    sa.Column("phone", text("phone")),
    sa.Index("ix_people_application_id", "application_id"),
    sa.Index("ix_people_email", "email"),
)

interviews = sa.Table(
    "interviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _application_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("round", sa.Integer, nullable=False),
    sa.Column("at", sa.String(5)),
    sa.Column("format", sa.String(10)),
    sa.Column("interviewers", sa.JSON, nullable=False),
    sa.Column("decision_expected", sa.Date),
    sa.Column("second_round_expected", sa.Date),
    sa.Column("follow_up", sa.JSON),
    sa.Column("employer_away", sa.JSON, nullable=False),
    sa.Column("references_will_be_checked", sa.Boolean, nullable=False),
    sa.Column("chances", sa.String(10)),
    sa.Column("notes", sa.JSON, nullable=False),
    sa.Column("debrief", sa.JSON),
    sa.Index("ix_interviews_application_id", "application_id"),
)

interactions = sa.Table(
    "interactions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _application_fk(),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("direction", sa.String(3), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("person", text("person")),
    sa.Column("channel", sa.String(20)),
    sa.Column("decision_expected", sa.Date),
    sa.Column("forced", sa.Boolean, nullable=False),
    # A phone call's outcome (reached, voicemail, no_answer) and what was said.
    sa.Column("call", sa.String(10)),
    sa.Column("note", sa.Text),
    sa.Index("ix_interactions_application_id", "application_id"),
)

dismissals = sa.Table(
    "dismissals", metadata,
    sa.Column("task_id", text("task_id"), primary_key=True),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("on", sa.Date, nullable=False),
    sa.Column("why", sa.Text),
)

tasks = sa.Table(
    "tasks", metadata,
    sa.Column("id", text("task_id"), primary_key=True),
    sa.Column("application_id", text("application_id"), sa.ForeignKey("applications.id", ondelete="CASCADE")),
    sa.Column("company", text("company")),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("person", text("person")),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("deadline", sa.Date),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("channel", sa.String(20)),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("created", sa.Date, nullable=False),
    # The kind's place in the playbook: ties on one day are listed in that order.
    sa.Column("rank", sa.Integer, nullable=False),
    # The interview round the task belongs to (None for tasks of the whole application).
    sa.Column("round", sa.Integer),
    # Today's list is "open tasks due on or before a day, soonest first", read
    # in index order so that the first screenful costs the same at any size.
    sa.Index("ix_tasks_status_due", "status", "due", "rank", "id"),
    sa.Index("ix_tasks_application_id", "application_id"),
)

# Text the user edited for a task's draft; kept until the task is done.
drafts = sa.Table(
    "drafts", metadata,
    sa.Column("task_id", text("task_id"), primary_key=True),
    sa.Column("subject", sa.Text),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# Messages to send, each with its own Message-ID so that it is sent at most once.
# A `failed` message is history (it never left), a `bounced` one too (it left and came
# back: see migration 0007), and a `duplicate` is a second copy found by migration 0002
# in a store written before the index existed. None of them keeps its task from another.
OUTBOX_HISTORY = ("failed", "duplicate", "bounced")
OUTBOX_LIVE = "state NOT IN ('failed', 'duplicate', 'bounced')"
outbox = sa.Table(
    "outbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("task_id", text("task_id"), nullable=False),
    sa.Column("message_id", sa.String(300), nullable=False, unique=True),
    sa.Column("recipient", text("email"), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("send_after", sa.DateTime(timezone=True), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("last_error", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_outbox_state_send_after", "state", "send_after"),
    # Exactly once by construction: a task has at most one message on its way or gone. Two
    # senders racing each other both pass the "nothing live yet" check; the second insert
    # then fails here, in the database, whatever the door or the process.
    # Partial: its condition is given per dialect, by `for_dialect`.
    sa.Index("ux_outbox_live_task", "task_id", unique=True),
)


def for_dialect(name: str) -> None:
    """Give the partial index its condition in the spelling of the dialect in use (migration 0002 makes it).

    Naming a dialect's option makes SQLAlchemy load that dialect, and PostgreSQL's alone took
    a tenth of a second of every command, on SQLite too: so only the store's own is named."""
    index = next(i for i in outbox.indexes if i.name == "ux_outbox_live_task")
    if name in ("sqlite", "postgresql") and index.dialect_options[name]["where"] is None:
        index.dialect_options[name]["where"] = sa.text(OUTBOX_LIVE)

# Where each mailbox scan stopped (IMAP folder: UIDVALIDITY and last UID).
mail_state = sa.Table(
    "mail_state", metadata,
    sa.Column("source", sa.String(300), primary_key=True),
    sa.Column("uidvalidity", sa.BigInteger),
    sa.Column("last_uid", sa.BigInteger),
)

# Every message already looked at, by a stable key, so a second scan adds nothing.
mail_seen = sa.Table(
    "mail_seen", metadata,
    sa.Column("message_key", sa.String(300), primary_key=True),
    sa.Column("application_id", sa.String(120)),
    sa.Column("received_on", sa.Date),
    sa.Column("from_addr", sa.String(320)),
    sa.Column("subject", sa.Text),
    # The outcome a reply suggested for the user to confirm (offer, rejected), else None.
    sa.Column("suggestion", sa.String(20)),
    # What the message was (domain.backup.SEEN_KINDS): reply, answer, auto_reply, bounce, ignored, unreadable.
    sa.Column("kind", sa.String(20)),
)

# What the scan read in a message, kept until the user confirms or dismisses it (services/suggestions.py):
# kind is one of domain.backup.SUGGESTION_KINDS and state one of SUGGESTION_STATES; first_day/last_day
# are the dates it proposes (a decision date; the days away). One row per message and kind.
suggestions = sa.Table(
    "suggestions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("message_key", sa.String(300), nullable=False),
    sa.Column("application_id", sa.String(120), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("confidence", sa.Float),  # None for a date: it is read from words, not weighed
    sa.Column("received_on", sa.Date, nullable=False),
    sa.Column("first_day", sa.Date),
    sa.Column("last_day", sa.Date),
    sa.Column("sender", sa.String(320)),
    sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("settled_on", sa.Date),
    sa.UniqueConstraint("message_key", "kind"),
    sa.Index("ix_suggestions_state", "state"),
)

settings = sa.Table(
    "settings", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
)

users = sa.Table(
    "users", metadata,
    sa.Column("username", sa.String(100), primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    # Sessions carry the epoch they were signed in under; signing out or a new password moves it
    # on, which ends every session at once (the cookie itself cannot be recalled).
    sa.Column("session_epoch", sa.Integer, nullable=False, server_default="0"),
)

calendar_tokens = sa.Table(
    "calendar_tokens", metadata,
    sa.Column("token", sa.String(100), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

# Every change to the user's facts, with what it replaced (store/journal.py).
journal = sa.Table(
    "journal", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("action", sa.String(200), nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("undone", sa.Boolean, nullable=False, default=False),
)

# Tasks left off Today until a day: a display preference, not a fact (the task keeps its date).
snoozes = sa.Table(
    "snoozes", metadata,
    sa.Column("task_id", sa.String(300), primary_key=True),
    sa.Column("until_day", sa.Date, nullable=False),
)
