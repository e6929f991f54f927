"""The two reads behind `today`, as plain SQL shared by the store and the fast path.

`afterview today` must answer in well under a second on a large store, and
importing SQLAlchemy alone takes longer than that budget on small machines; so
the launcher runs these statements through the standard library's sqlite3 when
the store is a SQLite file, and the store runs the very same text through
SQLAlchemy otherwise. Parameters use the named style both accept.
"""

from __future__ import annotations

# The newest Alembic revision (migrations/versions); a test keeps the two in step.
SCHEMA_REVISION = "0011"

TASK_COLUMNS = "id, application_id, company, kind, person, due, deadline, status, channel, reason, created"

# In the index's order (status, due, rank, id), which is also the plan's order.
# A snoozed task is left off until its day (the same for the CLI, its fast path, the web and the feed).
NOT_SNOOZED = "NOT EXISTS (SELECT 1 FROM snoozes WHERE snoozes.task_id = tasks.id AND snoozes.until_day > :as_of)"
OPEN_DUE_BY = (
    f"SELECT {TASK_COLUMNS} FROM tasks WHERE status = 'open' AND due <= :as_of AND {NOT_SNOOZED} "
    "ORDER BY due, rank, id LIMIT :limit"
)
# Counted as all open-due minus the snoozed ones: the first count runs on the index alone, the second
# walks the few snoozes (CROSS JOIN keeps SQLite from walking tasks first); a snooze per task at most.
OPEN_DUE_SNOOZED = (
    "SELECT count(*) FROM snoozes CROSS JOIN tasks WHERE tasks.id = snoozes.task_id AND snoozes.until_day > :as_of "
    "AND tasks.status = 'open' AND tasks.due <= :as_of"
)
COUNT_OPEN_DUE_BY = (
    f"SELECT (SELECT count(*) FROM tasks WHERE status = 'open' AND due <= :as_of) - ({OPEN_DUE_SNOOZED})"
)
# Whether a task (the weekly reminder, which is not stored) is snoozed on a day.
SNOOZED = "SELECT 1 FROM snoozes WHERE task_id = :task_id AND until_day > :as_of"

# Applications still in play on a day: interested, no final outcome yet (an
# offer in hand still counts), and not gone quiet for good.
ACTIVE_AND_ACCEPTED = """
SELECT
  (SELECT count(*) FROM applications
    WHERE interested AND NOT archived
      AND (outcome_kind IS NULL OR outcome_on > :as_of OR outcome_kind = 'offer')
      AND (no_response_from IS NULL OR no_response_from > :as_of)) AS active,
  (SELECT count(*) FROM applications
    WHERE outcome_kind = 'accepted' AND outcome_on <= :as_of) AS accepted
"""

PIPELINE_TARGET = "SELECT pipeline_target FROM profile WHERE id = 1"

TIMEZONE = "SELECT timezone FROM profile WHERE id = 1"

# How the user dismissed a task (done, skipped), if they did: the weekly reminder's own status.
DISMISSED_AS = "SELECT status FROM dismissals WHERE task_id = :task_id"
