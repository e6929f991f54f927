"""Business days in the employer's own calendar.

`bd(X, n)` of the playbook is `BusinessCalendar.add(X, n)`: the n-th business day
after X, X itself excluded. A business day is not a public holiday of the country
and subdivision, and either falls outside the country's weekend (not always
Saturday and Sunday: Israel's is Friday and Saturday) or is one of the weekend days
the country works to make up for a bridge holiday (China's working Saturdays, the
library's `weekend_workdays`); the weekday given off in exchange is listed by the
library as a holiday ("Day off (substituted from …)"). The `holidays` library is
the only source of both; it is imported on first use because it is slow to import
and most commands never need it.
"""

from __future__ import annotations

import calendar as _stdcal
import importlib.util
import sys
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache, lru_cache
from types import ModuleType
from typing import Protocol

from afterview.domain.model import AwayPeriod

ONE_DAY = timedelta(days=1)


class UnknownRegion(ValueError):
    """A country or subdivision code the holiday calendars do not know."""


class Calendar(Protocol):
    def is_business_day(self, day: date) -> bool: ...

    def add(self, day: date, n: int) -> date: ...

    def on_or_after(self, day: date) -> date: ...


@lru_cache(maxsize=1)
def library() -> ModuleType:
    """The holiday library, its countries loaded one by one as they are asked for.

    Its `countries` package imports all of its ~300 country modules whenever any one of them
    is needed (a fifth of a second, most of what recording one contact cost); a plan needs one
    or two. So the package is registered bare (its folder, not its list of imports) before
    anything asks for a country, and the library's own lazy loader (holidays.registry) then
    imports just the module of the country asked for, a few milliseconds.
    """
    import holidays

    if "holidays.countries" not in sys.modules:
        spec = importlib.util.find_spec("holidays.countries")
        if spec is not None and spec.submodule_search_locations is not None:
            bare = importlib.util.module_from_spec(spec)  # made, not run: its imports never happen
            sys.modules[spec.name] = bare
            holidays.countries = bare  # as an import would have set it
    return holidays


def load_library() -> None:
    """Import the holiday library now: a writer does this before it takes the store's write lock,
    not while others wait for it (the countries it needs then load in a few milliseconds each)."""
    library()


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    # From the library's registry alone: listing every country's subdivisions
    # (holidays.list_supported_countries) imports all of its ~300 country modules, about a
    # second that every command checking a place paid, inside its write lock.
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes(include_aliases=True))


@cache
def _subdivisions(country: str) -> list[str]:
    return list(getattr(library(), country).subdivisions)


def check_region(country: str, subdivision: str | None) -> None:
    """Raise UnknownRegion unless the holiday calendars know this place."""
    if country not in _country_codes():
        raise UnknownRegion(f"unknown country code {country!r}: use an ISO 3166-1 alpha-2 code such as US, GB, DE, IL")
    known_subdivisions = _subdivisions(country) if subdivision is not None else []
    if subdivision is not None and subdivision not in known_subdivisions:
        known = ", ".join(known_subdivisions[:12])
        more = " …" if len(known_subdivisions) > 12 else ""
        raise UnknownRegion(
            f"unknown subdivision {subdivision!r} for {country}: use one of {known}{more}"
            if known_subdivisions
            else f"{country} has no subdivisions in the holiday calendars; leave subdivision empty"
        )


class _Stepping:
    """Counting business days, given `is_business_day`."""

    __slots__ = ()

    def is_business_day(self, day: date) -> bool:
        raise NotImplementedError

    def add(self, day: date, n: int) -> date:
        """The n-th business day after `day` (excluded); n == 0 gives `day` itself."""
        current = day
        while n > 0:
            current += ONE_DAY
            if self.is_business_day(current):
                n -= 1
        return current

    def on_or_after(self, day: date) -> date:
        while not self.is_business_day(day):
            day += ONE_DAY
        return day


class BusinessCalendar(_Stepping):
    """Weekend and public holidays of one country (and subdivision)."""

    __slots__ = ("_added", "_holidays_by_year", "_known", "_workdays_by_year", "country", "subdivision", "weekend")

    def __init__(self, country: str, subdivision: str | None = None) -> None:
        check_region(country, subdivision)
        holidays = library()
        self.country = country
        self.subdivision = subdivision
        probe = holidays.country_holidays(country, subdiv=subdivision, years=())
        self.weekend: frozenset[int] = frozenset(getattr(probe, "weekend", {5, 6}))
        self._holidays_by_year: dict[int, frozenset[date]] = {}
        self._workdays_by_year: dict[int, frozenset[date]] = {}
        # Plans ask the same questions of a calendar over and over; remember the answers.
        self._known: dict[date, bool] = {}
        self._added: dict[tuple[date, int], date] = {}

    def _holidays(self, year: int) -> frozenset[date]:
        found = self._holidays_by_year.get(year)
        if found is None:
            days = library().country_holidays(self.country, subdiv=self.subdivision, years=year)
            found = frozenset(days.keys())
            self._holidays_by_year[year] = found
            # Make-up working days of that year; the library's set may also carry other years'.
            workdays = getattr(days, "weekend_workdays", ())
            self._workdays_by_year[year] = frozenset(d for d in workdays if d.year == year)
        return found

    def _workdays(self, year: int) -> frozenset[date]:
        if year not in self._workdays_by_year:
            self._holidays(year)
        return self._workdays_by_year[year]

    def holiday_name(self, day: date) -> str | None:
        name: str | None = library().country_holidays(self.country, subdiv=self.subdivision, years=day.year).get(day)
        return name

    def is_business_day(self, day: date) -> bool:
        known = self._known.get(day)
        if known is None:
            known = day not in self._holidays(day.year) and (
                day.weekday() not in self.weekend or day in self._workdays(day.year))
            self._known[day] = known
        return known

    def add(self, day: date, n: int) -> date:
        key = (day, n)
        found = self._added.get(key)
        if found is None:
            found = super().add(day, n)
            self._added[key] = found
        return found



class DecisionCalendar(_Stepping):
    """The business calendar minus the days the employer said they would be away."""

    __slots__ = ("away", "base")

    def __init__(self, base: Calendar, away: Iterable[AwayPeriod]) -> None:
        self.base = base
        self.away = tuple(away)

    def add(self, day: date, n: int) -> date:
        if not self.away:
            return self.base.add(day, n)  # no time away: the base calendar's answer (and its memory)
        return super().add(day, n)

    def _is_away(self, day: date) -> bool:
        return any(period.contains(day) for period in self.away)

    def is_business_day(self, day: date) -> bool:
        return self.base.is_business_day(day) and not self._is_away(day)



def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _stdcal.monthrange(year, month)[1]))


@lru_cache(maxsize=256)
def calendar_for(country: str, subdivision: str | None) -> BusinessCalendar:
    """One shared calendar per place: its holiday sets are built once per year."""
    return BusinessCalendar(country, subdivision)
