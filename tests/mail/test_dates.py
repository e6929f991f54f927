"""Dates in replies, read relative to the message's own Date in the user's time zone, in seven languages."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from afterview.mail.dates import find_dates
from afterview.mail.findings import local_time
from afterview.mail.header import MailHeader
from afterview.mail.outcome import decision_dates

SENT = datetime(2026, 3, 12, 10, 0)  # a Thursday


@pytest.mark.parametrize(("text", "expected"), [
    # Seen: the weekday matched before the date that follows it (17 March instead of 31 March).
    ("I'll follow up by Tuesday, March 31 with next steps.", date(2026, 3, 31)),
    ("We will decide by the 31st.", date(2026, 3, 31)),
    ("We'll get back to you next Friday.", date(2026, 3, 20)),
    ("We'll get back to you by Friday.", date(2026, 3, 13)),
    ("Expect news by end of next week.", date(2026, 3, 20)),
    ("We will decide within two weeks.", date(2026, 3, 26)),
    ("You will hear from us in 10 days.", date(2026, 3, 22)),
    ("We will let you know in 5 business days.", date(2026, 3, 19)),
    ("A decision is expected early January.", date(2027, 1, 10)),
    ("We will be in touch by mid-April.", date(2026, 4, 20)),
    ("We expect a decision in late May.", date(2026, 5, 31)),
    ("We may decide soon.", None),  # "may" the verb, and "We" (which dateparser reads as a date)
    ("Thanks for meeting us on March 1.", None),  # before the message: no decision date
    ("Wir melden uns bis zum 14. April bei Ihnen.", date(2026, 4, 14)),  # dateparser alone said 20 April
    ("Wir melden uns am Dienstag, 31. März.", date(2026, 3, 31)),
    ("Wir melden uns innerhalb von zwei Wochen.", date(2026, 3, 26)),
    ("Wir entscheiden bis nächsten Freitag.", date(2026, 3, 20)),
    ("Wir entscheiden Anfang Januar.", date(2027, 1, 10)),
    ("Nous reviendrons vers vous le 3 avril.", date(2026, 4, 3)),
    ("Nous reviendrons vers vous dans 10 jours.", date(2026, 3, 22)),
    ("Nous déciderons vendredi prochain.", date(2026, 3, 20)),
    ("Décision début janvier.", date(2027, 1, 10)),
    ("Le daremos una respuesta el 3 de abril.", date(2026, 4, 3)),
    ("Le daremos una respuesta en dos semanas.", date(2026, 3, 26)),
    ("Le daremos una respuesta el próximo viernes.", date(2026, 3, 20)),
    ("Decisión a principios de enero.", date(2027, 1, 10)),
    ("Le faremo sapere entro il 3 aprile.", date(2026, 4, 3)),
    ("Le faremo sapere entro due settimane.", date(2026, 3, 26)),
    ("Le faremo sapere venerdì prossimo.", date(2026, 3, 20)),
    ("We laten het u voor 3 april weten.", date(2026, 4, 3)),
    ("We laten het u binnen twee weken weten.", date(2026, 3, 26)),
    ("We laten het u volgende week vrijdag weten.", date(2026, 3, 20)),
    ("Daremos uma resposta até 3 de abril.", date(2026, 4, 3)),
    ("Daremos uma resposta dentro de duas semanas.", date(2026, 3, 26)),
    ("Daremos uma resposta na próxima sexta-feira.", date(2026, 3, 20)),
])
def test_decision_dates(text: str, expected: date | None) -> None:
    found = decision_dates(text, SENT) if expected is None or "march 1" in text.lower() else find_dates(text, SENT)
    assert (found[0].day if found else None) == expected
    if found:
        assert found[0].sentence == text  # the sentence is shown with the suggestion


def test_day_and_month_order_follow_the_employer_country() -> None:
    text = "We will decide by 04/05/2026."
    assert find_dates(text, SENT, country="US")[0].day == date(2026, 4, 5)
    assert find_dates(text, SENT, country="DE")[0].day == date(2026, 5, 4)
    assert find_dates(text, SENT, country="GB")[0].day == date(2026, 5, 4)


def test_dates_count_from_the_message_day_in_the_users_zone() -> None:
    # Sent late on Sunday in New York: Monday morning in Berlin, where the user lives.
    block = b"\nFrom: a@b.example\nDate: Sun, 15 Mar 2026 23:30:00 -0400\n"
    header = MailHeader(block, "x", len(block), lambda limit: b"")
    text = "We'll get back to you next Friday."
    assert find_dates(text, local_time(header, "America/New_York", date(2026, 3, 1)))[0].day == date(2026, 3, 20)
    assert find_dates(text, local_time(header, "Europe/Berlin", date(2026, 3, 1)))[0].day == date(2026, 3, 27)


def test_quoted_lines_are_not_read() -> None:
    text = "Thanks, noted.\n\n> We will decide by March 31.\n"
    assert decision_dates(text, SENT) == []
