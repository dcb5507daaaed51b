"""The counting rule for documented violations (docs/statistics.md)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.cases.selectors import violation_status_counts, violations_documented_in_year

pytestmark = pytest.mark.django_db
JERUSALEM = ZoneInfo("Asia/Jerusalem")


def make(status, documented_at=None, **fields):
    return Violation.objects.create(status=status, documented_at=documented_at, **fields)


def test_only_verified_unmerged_violations_count_by_documented_date():
    in_2022 = dt.datetime(2022, 6, 1, 12, tzinfo=JERUSALEM)
    make(Status.DOCUMENTED, in_2022)
    make(Status.ESCALATED, in_2022)
    make(Status.CLOSED, in_2022)
    target = make(Status.DOCUMENTED, in_2022)
    make(Status.DOCUMENTED, in_2022, merged_into=target)  # merged duplicate
    make(Status.REJECTED, rejection_reason="spam")
    make(Status.IN_REVIEW)
    make(Status.NEW)
    make(Status.DOCUMENTED, dt.datetime(2023, 1, 1, 0, 30, tzinfo=JERUSALEM))
    assert violations_documented_in_year(year=2022) == 4
    assert violations_documented_in_year(year=2023) == 1


def test_year_bounds_are_local_time():
    # 23:30 on 31 December in Jerusalem is still 2022 there, though 2022-12-31 21:30 UTC.
    make(Status.DOCUMENTED, dt.datetime(2022, 12, 31, 23, 30, tzinfo=JERUSALEM))
    # 00:10 on 1 January local time is 2022 in UTC but 2023 locally.
    make(Status.DOCUMENTED, dt.datetime(2023, 1, 1, 0, 10, tzinfo=JERUSALEM))
    assert violations_documented_in_year(year=2022) == 1
    assert violations_documented_in_year(year=2023) == 1


def test_status_counts_leave_out_merged():
    target = make(Status.DOCUMENTED, dt.datetime(2022, 1, 5, tzinfo=JERUSALEM))
    make(Status.REJECTED, rejection_reason="duplicate", merged_into=target)
    make(Status.NEW)
    assert violation_status_counts() == {"documented": 1, "new": 1}
