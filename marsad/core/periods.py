"""Periods of calendar days, the unit every counter is asked about.

A period is ``[start, end)`` in days: ``Period.year(2022)`` runs from 2022-01-01 up to, not
including, 2023-01-01. Records with a date count when the date is in it; records with a
moment count when the moment falls between local midnight of ``start`` and local midnight of
``end`` in the observatory's time zone (``TIME_ZONE``), as docs/statistics.md says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

# The days a date filter accepts (forms validate against them): every local midnight of them
# is a moment the database can store in UTC, and the day after the last one exists.
EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(2999, 12, 31)


def local_midnight(day: dt.date) -> dt.datetime:
    """The moment ``day`` begins in the observatory's time zone (``TIME_ZONE``). A filter
    "on or after ``day``" is ``moment >= local_midnight(day)`` and "on or before ``day``" is
    ``moment < local_midnight(day + 1 day)``: both can use an index on the moment, where
    comparing the moment's local date cannot."""
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"a period cannot end ({self.end}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        if not 1 <= quarter <= 4:
            raise ValueError(f"no quarter {quarter}")
        start = dt.date(year, 3 * quarter - 2, 1)
        end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
        return cls(start, end)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = dt.date(year, month, 1)
        end = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
        return cls(start, end)

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as aware datetimes ``[start, end)`` in the observatory's time zone."""
        return local_midnight(self.start), local_midnight(self.end)

    def __str__(self) -> str:
        last = self.end - dt.timedelta(days=1)
        return f"{self.start.isoformat()} – {last.isoformat()}"
