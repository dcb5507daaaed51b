"""How a report names its period and itself, in the active language."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from marsad.reporting.choices import ReportKind


def period_label(kind: str, year: int, quarter: int) -> str:
    """ "July – September 2022" or "2022" in the active language."""
    if kind == ReportKind.ANNUAL:
        return str(year)
    first = date_format(dt.date(year, 3 * quarter - 2, 1), "F")
    last = date_format(dt.date(year, 3 * quarter, 1), "F")
    return _("%(first)s – %(last)s %(year)s") % {"first": first, "last": last, "year": year}


def code_label(code: str) -> str:
    """A period code (``2022-Q2`` or ``2022``) in words."""
    match = re.match(r"^(\d{4})-Q([1-4])$", code)
    if match:
        return period_label(ReportKind.QUARTERLY, int(match.group(1)), int(match.group(2)))
    return code


def report_title(kind: str, year: int, quarter: int) -> str:
    period = period_label(kind, year, quarter)
    if kind == ReportKind.ANNUAL:
        return _("Annual report %(year)s") % {"year": period}
    return _("Digital rights violations: quarterly report, %(period)s") % {"period": period}
