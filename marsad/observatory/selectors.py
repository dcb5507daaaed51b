"""Reads for the public site."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from marsad.cases.selectors import violations_documented_in_year


@dataclass(frozen=True)
class YearFigure:
    year: int
    documented: int


def home_figures(*, years: int = 2) -> list[YearFigure]:
    """Documented violations for the current year and the ones before it."""
    this_year = timezone.localdate().year
    return [
        YearFigure(year=year, documented=violations_documented_in_year(year=year))
        for year in range(this_year, this_year - years, -1)
    ]
