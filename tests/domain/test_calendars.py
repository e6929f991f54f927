"""bd(X, n) in real employer calendars: weekends and public holidays of each place."""

from __future__ import annotations

import pytest

from afterview.domain.calendars import BusinessCalendar, DecisionCalendar, UnknownRegion, add_months, calendar_for
from afterview.domain.model import AwayPeriod
from tests.support.facts import day


@pytest.mark.parametrize(
    ("country", "subdivision", "start", "n", "expected", "why"),
    [
        ("US", "NY", "2026-11-25", 2, "2026-11-30", "Thanksgiving (Thu) and the weekend are skipped"),
        ("US", "NY", "2026-11-25", 1, "2026-11-27", "the Friday after Thanksgiving is a working day"),
        ("US", "NY", "2026-12-07", 10, "2026-12-21", "two plain working weeks"),
        ("US", "NY", "2026-12-21", 10, "2027-01-06", "Christmas and New Year's Day skipped"),
        ("GB", "ENG", "2026-12-24", 1, "2026-12-29", "Christmas, weekend, Boxing Day substitute"),
        ("GB", "ENG", "2026-12-24", 2, "2026-12-30", "…then one more"),
        ("DE", "BY", "2026-06-03", 2, "2026-06-08", "Corpus Christi is a holiday in Bavaria"),
        ("DE", "BE", "2026-06-03", 2, "2026-06-05", "…but not in Berlin"),
        ("IL", None, "2026-11-19", 2, "2026-11-23", "Israel's weekend is Friday and Saturday"),
        ("IL", None, "2026-09-17", 2, "2026-09-22", "Yom Kippur (Mon 21 Sep) is skipped"),
        ("US", "NY", "2026-11-25", 0, "2026-11-25", "zero days is the day itself"),
        ("CN", None, "2026-02-13", 1, "2026-02-14", "Saturday 14 Feb is worked to make up for Spring Festival"),
        ("CN", None, "2026-02-13", 2, "2026-02-24",
         "Spring Festival, the substituted Fri 20 and Mon 23 Feb, and a plain Sunday are skipped"),
        ("CN", None, "2026-09-18", 1, "2026-09-20", "Sunday 20 Sep is a working day"),
        ("CN", None, "2026-09-30", 1, "2026-10-08", "National Day week with its substituted days off"),
        ("CN", None, "2026-10-09", 1, "2026-10-10", "Saturday 10 Oct is a working day"),
        ("BY", None, "2026-04-24", 1, "2026-04-25", "Belarus works Saturday 25 Apr"),
        ("BY", None, "2026-04-17", 1, "2026-04-22", "…for the day off on Mon 20 Apr, before Radunitsa"),
    ],
)
def test_nth_business_day_after(country: str, subdivision: str | None, start: str, n: int, expected: str,
                                 why: str) -> None:
    assert calendar_for(country, subdivision).add(day(start), n) == day(expected), why


def test_israel_works_on_sunday_and_rests_on_friday() -> None:
    israel = BusinessCalendar("IL")
    assert israel.is_business_day(day("2026-11-22"))  # Sunday
    assert not israel.is_business_day(day("2026-11-20"))  # Friday
    assert BusinessCalendar("US").is_business_day(day("2026-11-20"))  # Friday in New York


@pytest.mark.parametrize(
    ("country", "worked", "off"),
    [("CN", ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
      ["2026-01-02", "2026-02-20", "2026-02-23", "2026-05-05", "2026-10-06", "2026-10-07"]),
     ("BY", ["2026-04-25"], ["2026-04-20"])],
)
def test_make_up_working_days_and_substituted_days_off_follow_the_library(
        country: str, worked: list[str], off: list[str]) -> None:
    import holidays

    calendar = BusinessCalendar(country)
    library = holidays.country_holidays(country, years=2026)
    for text in worked:
        assert day(text).weekday() >= 5 and calendar.is_business_day(day(text)), text
        assert day(text) in library.weekend_workdays
    for text in off:
        assert day(text).weekday() < 5 and not calendar.is_business_day(day(text)), text
        assert "substituted" in (calendar.holiday_name(day(text)) or ""), text


def test_decision_calendar_skips_announced_time_away() -> None:
    base = calendar_for("US", "NY")
    away = DecisionCalendar(base, [AwayPeriod(day("2026-12-21"), day("2027-01-01"))])
    assert away.add(day("2026-12-18"), 1) == day("2027-01-04")
    assert away.on_or_after(day("2026-12-23")) == day("2027-01-04")
    assert base.add(day("2026-12-18"), 1) == day("2026-12-21")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [("2026-11-20", 6, "2027-05-20"), ("2026-08-31", 6, "2027-02-28"), ("2026-01-31", 1, "2026-02-28"),
     ("2024-01-31", 1, "2024-02-29"), ("2026-11-20", 3, "2027-02-20")],
)
def test_add_months_clamps_to_the_month_end(start: str, months: int, expected: str) -> None:
    assert add_months(day(start), months) == day(expected)


@pytest.mark.parametrize(
    ("country", "subdivision", "message"),
    [("XX", None, "unknown country code 'XX'"), ("US", "ZZ", "unknown subdivision 'ZZ' for US")],
)
def test_unknown_places_are_refused_with_one_line(country: str, subdivision: str | None, message: str) -> None:
    with pytest.raises(UnknownRegion, match=message) as caught:
        BusinessCalendar(country, subdivision)
    assert "\n" not in str(caught.value)
