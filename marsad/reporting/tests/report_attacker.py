"""The site's attacker (``marsad/observatory/tests/attacker.py``) reading the quarterly and
annual reports as well, for ``test_differencing_reports.py``.

It reads a report as the public gets it (the HTML the PDF is drawn from, in English) by the
rule the report says it follows: a report whose methodology says counts are rounded down to a
multiple of k is read like the site; otherwise (the rule before) counts are exact, a withheld
cell holds 1 to k - 1 (or more, where it was withheld beside a small one) and a category a
table leaves out holds none. Every figure becomes a range on the same questions the site
answers (what is counted, the filters, the first and last day), so that the attacker's sums
tie a report to its months, to its breakdowns, to the site's answers for the same periods and
to the other reports: a year is the sum of its quarters, a breakdown cell the sum of its row
in a cross-tabulation.

A group of several values (the column "Other" of a table, positive responses) is one filter
whose value is ``{a|b|…}``: the sum of its members.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.utils import translation

from marsad.escalations.choices import Outcome
from marsad.observatory.tests.attacker import (
    DOCUMENTED,
    ESCALATED,
    FIGURE,
    INFINITY,
    OUTCOMES,
    Attacker,
    Filters,
    Key,
    Reading,
    with_filter,
)

# The cross-tabulations of a report, in the order it draws them: rows × columns.
CROSSTABS = (
    ("violation_type", "platform"),
    ("violation_type", "perpetrator_type"),
    ("violation_type", "victim_type"),
    ("region", "violation_type"),
)
POSITIVE = ("restored", "partially_restored", "account_secured", "content_removed")


def outcome_labels() -> dict[str, str]:
    with translation.override("en"):
        labels = {str(label): value for value, label in Outcome.choices}
    return labels | {"Waiting for the outcome": "open"}


ROW = re.compile(r'<tr(?: class="([^"]*)")?><th scope="row">(.*?)</th>(.*?)</tr>', re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


def union(values: tuple[str, ...] | list[str]) -> str:
    """The filter value of a group of values (a single value stands for itself)."""
    members = sorted(set(values))
    return members[0] if len(members) == 1 else "{" + "|".join(members) + "}"


def members(value: str) -> list[str]:
    return value[1:-1].split("|") if value.startswith("{") else [value]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&lt;", "<").strip()


def number(html: str) -> int | None:
    """A drawn count: "1,115" → 1115; "fewer than 5", "<5", "—" → None (withheld)."""
    digits = text(html).replace(",", "")
    return int(digits) if digits.isdigit() else None


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    following = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, following - dt.timedelta(days=1)


def report_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter:
        return quarter_bounds(year, quarter)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _part(html: str, start: str, end: str = "</table>") -> str:
    assert start in html, f"the report has no {start!r}"
    return html.split(start, 1)[1].split(end, 1)[0]


class ReportReader:
    """Reads drawn reports into an ``Attacker``'s ranges and sums."""

    def __init__(self, attacker: Attacker) -> None:
        self.a = attacker
        self.k = int(settings.OBSERVATORY_MIN_CELL)
        self.reports = 0

    # --- Ranges ---------------------------------------------------------------------------

    def reading(self, html: str) -> Reading:
        if "rounded down to a multiple of" in html:
            return Reading(self.k, self.k, True)
        return Reading(self.k, 1, False)

    def learn(self, key: Key, shown: int | None, reading: Reading, withheld: int = 0) -> None:
        self.a.learn(key, self.a.read(reading, shown, "report", withheld, key=key))

    def cells(
        self,
        total: Key,
        name: str,
        found: dict[str, int | None],
        reading: Reading,
        *,
        complete: list[str],
        missing: tuple[int, int] | None = None,
        secondary: bool = False,
    ) -> None:
        """One line of a breakdown or table: its cells and, for every value it does not
        show, ``missing`` (default: what the report's rule says such a value holds: fewer
        than k, or none before); together they sum to ``total``. ``secondary``: a withheld
        cell may be any size (the tables of the rule before)."""
        what, filters, first, last = total
        if missing is None:
            missing = (0, reading.k - 1) if reading.zero_hidden else (0, 0)
        withheld = sum(1 for n in found.values() if n is None)
        shown_members = {m for value in found for m in members(value)}
        parts = []
        for value, n in found.items():
            key = (what, with_filter(filters, name, value), first, last)
            if n is None and secondary and not reading.zero_hidden:
                self.a.learn(key, (1, INFINITY))
            else:
                self.learn(key, n, reading, withheld)
            parts.append(key)
            if value.startswith("{"):
                self.a.sums.append(
                    (
                        key,
                        tuple(
                            (what, with_filter(filters, name, m), first, last)
                            for m in members(value)
                        ),
                    )
                )
        for value in complete:
            if value in shown_members:
                continue
            key = (what, with_filter(filters, name, value), first, last)
            self.a.learn(key, missing)
            parts.append(key)
        self.a.sums.append((total, tuple(parts)))

    # --- A report -------------------------------------------------------------------------

    def read(self, html: str, year: int, quarter: int = 0) -> None:
        self.reports += 1
        reading = self.reading(html)
        first, last = report_bounds(year, quarter)
        total = (DOCUMENTED, (), first, last)
        headline = re.search(r'<p class="big"><span class="figure">(.*?)</span>', html, re.S)
        assert headline, "the report has no total"
        self.learn(total, number(headline.group(1)), reading)
        self._changes(html, reading, year, quarter)
        self._months(html, reading, total)
        for name in ("violation_type", "platform", "perpetrator_type", "victim_type", "region"):
            section = _part(html, f'id="by-{name}"', "</div>")
            found = self._rows(section, self.a.labels[name])
            self.cells(total, name, found, reading, complete=self.a.vocabularies[name])
        tables = html.split('<table class="crosstab">')[1:]
        assert len(tables) == len(CROSSTABS), "the report's tables are not the expected ones"
        for (rows, cols), table in zip(CROSSTABS, tables, strict=True):
            self._crosstab(table.split("</table>", 1)[0], rows, cols, reading, total)
        self._escalations(html, reading, first, last)

    def _rows(self, html: str, labels: dict[str, str]) -> dict[str, int | None]:
        """``{value: shown}`` of a one-column table; lines for "every other" are left out
        (what they say is the rule for values not shown)."""
        found: dict[str, int | None] = {}
        for css, label, rest in ROW.findall(html):
            if css == "others":
                continue
            cells = CELL.findall(rest)
            found[labels[text(label)]] = number(cells[0])
        return found

    def _changes(self, html: str, reading: Reading, year: int, quarter: int) -> None:
        table = _part(html, '<table class="changes">')
        rows = ROW.findall(table)
        if quarter:
            previous = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
            periods = [quarter_bounds(*previous), quarter_bounds(year - 1, quarter)]
        else:
            periods = [report_bounds(year - 1, 0)]
        assert len(rows) == len(periods)
        for (_css, _label, rest), (first, last) in zip(rows, periods, strict=True):
            self.learn((DOCUMENTED, (), first, last), number(CELL.findall(rest)[0]), reading)

    def _months(self, html: str, reading: Reading, total: Key) -> None:
        table = _part(html, '<table class="series">')
        first = total[2]
        keys, values = [], []
        for _css, _label, rest in ROW.findall(table):
            following = (first + dt.timedelta(days=32)).replace(day=1)
            keys.append((DOCUMENTED, (), first, following - dt.timedelta(days=1)))
            values.append(number(CELL.findall(rest)[0]))
            first = following
        withheld = sum(1 for v in values if v is None)
        for key, value in zip(keys, values, strict=True):
            self.learn(key, value, reading, withheld)
        self.a.sums.append((total, tuple(keys)))

    def _crosstab(self, table: str, rows: str, cols: str, reading: Reading, total: Key) -> None:
        head = table.split("</thead>", 1)[0]
        labels = [text(h) for h in re.findall(r'<th scope="col" class="num">(.*?)</th>', head)]
        columns = [self.a.labels[cols][label] for label in labels if label != "Other"]
        if "Other" in labels:
            columns.append(union([v for v in self.a.vocabularies[cols] if v not in columns]))
        what, filters, first, last = total
        shown_rows = set()
        for css, label, rest in ROW.findall(table.split("<tbody>", 1)[-1]):
            if css == "others" or text(label) not in self.a.labels[rows]:
                continue
            value = self.a.labels[rows][text(label)]
            shown_rows.add(value)
            row_total = (what, with_filter(filters, rows, value), first, last)
            found = {
                column: number(cell)
                for column, cell in zip(columns, CELL.findall(rest), strict=True)
            }
            self.cells(
                row_total,
                cols,
                found,
                reading,
                complete=self.a.vocabularies[cols],
                # A column left out: none before ("Other" holds the rest); now unknown (below
                # k in all, or past the largest columns a table shows).
                missing=(0, INFINITY) if reading.zero_hidden else (0, 0),
                secondary=True,
            )
        for value in self.a.vocabularies[rows]:
            if value in shown_rows:
                continue
            # A row left out holds fewer than k violations (none, before) in all.
            row_total = (what, with_filter(filters, rows, value), first, last)
            self.cells(
                row_total,
                cols,
                {},
                reading,
                complete=self.a.vocabularies[cols],
                missing=(0, reading.k - 1) if reading.zero_hidden else (0, 0),
            )

    def _escalations(self, html: str, reading: Reading, first: dt.date, last: dt.date) -> None:
        section = _part(html, '<section id="escalations">', "</section>")
        facts = dict(
            (text(dt_), dd)
            for dt_, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", section, re.S)
        )
        total: Key = (ESCALATED, (), first, last)
        self.learn(total, number(facts["Cases escalated to the companies"]), reading)
        positive = (ESCALATED, (("outcome@", union(POSITIVE)),), first, last)
        self.learn(
            positive,
            number(facts["Positive responses (restored, secured or removed as asked)"]),
            reading,
        )
        self.a.sums.append(
            (positive, tuple((ESCALATED, (("outcome@", o),), first, last) for o in POSITIVE))
        )
        for name, value in facts.items():
            if name.startswith("Cases the companies answered"):
                shown = number(value)
                if shown is not None:
                    answered = (ESCALATED, ((FIGURE, "answered"),), first, last)
                    self.a.shown.append(("report answered", shown, answered))
        # "33% (30 of 90 cases with a final outcome)": the two counts are shown too.
        for restored, decided in re.findall(r"\((\d[\d,]*) of (\d[\d,]*) cases", section):
            for name, n in (("restored", restored), ("with_final_outcome", decided)):
                figure = (ESCALATED, ((FIGURE, name),), first, last)
                self.a.shown.append(("report recovery", int(n.replace(",", "")), figure))
        platforms = _part(section, '<table class="platforms">')
        rows: dict[str, int | None] = {}
        for css, label, rest in ROW.findall(platforms.split("<tbody>", 1)[-1]):
            if css == "others" or text(label) not in self.a.labels["platform"]:
                continue
            cells = CELL.findall(rest)
            slug = self.a.labels["platform"][text(label)]
            rows[slug] = number(cells[0])
            answered = number(cells[1])
            if answered is not None:
                figure = (ESCALATED, (("platform@", slug), (FIGURE, "answered")), first, last)
                self.a.shown.append(("report platform answered", answered, figure))
        platform_values = [v for v in self.a.vocabularies["platform"] if v]
        self.cells(total, "platform@", rows, reading, complete=platform_values)
        if '<table class="outcomes">' in section:
            outcomes = self._rows(_part(section, '<table class="outcomes">'), outcome_labels())
        else:
            outcomes = {}
        self.cells(total, "outcome@", outcomes, reading, complete=list(OUTCOMES))

    # --- Periods ----------------------------------------------------------------------------

    def year_is_its_quarters(self, year: int) -> None:
        """Every question asked of the year is the sum of the same question of its quarters
        (violations by the day they were documented, cases by the day first sent)."""
        first, last = report_bounds(year, 0)
        for what, filters, a, b in list(self.a.bounds):
            if (a, b) != (first, last):
                continue
            quarters = tuple((what, filters, *quarter_bounds(year, q)) for q in range(1, 5))
            self.a.sums.append(((what, filters, a, b), quarters))


def truth_expand(key: Key) -> list[Key]:
    """A key with groups as the keys of its members (to count the truth)."""
    what, filters, first, last = key
    expanded: list[Filters] = [()]
    for name, value in filters:
        expanded = [(*f, (name, m)) for f in expanded for m in members(value)]
    return [(what, tuple(sorted(f)), first, last) for f in expanded]
