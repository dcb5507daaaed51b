"""An attacker of the public statistics, for ``test_differencing_attack.py``.

It does what someone trying to find out about unpublished cases would do with the public site
alone: download every published violation (the CSV export, so that it knows exactly how many
published violations any question covers), ask the statistics API and pages many questions
(narrow filters, day-by-day bisection of ``from``/``to``, every breakdown of every answer), and
combine the answers: a total is the sum of its cells along every vocabulary and along the
months, and a period is the sum of its two halves. From these sums it narrows the range of
every count it has seen (interval propagation to a fixed point) and so learns whatever the
differences of answers give away.

The attacker reads each answer by the rules its API documents: on a version whose answers
carry ``rounding`` a count n holds n to n + ``rounding`` - 1 violations (every count rounded
down as a whole, or, now, its published violations exactly and the others rounded down:
read alike) and ``null`` means "fewer than ``min_cell``" with zero included; otherwise
counts are exact, ``null`` means 1 to ``min_cell`` - 1 and a category missing from a
breakdown has none. What it downloaded tells it exactly how many published violations each
question covers (at least that many). The test checks that the attacker's ranges always hold
the true counts, so what it claims to know is really known; every count it reads is noted
(``shown``) with its question, for the test to check against the rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from marsad.escalations.choices import Outcome

DIMENSIONS = ("violation_type", "platform", "perpetrator_type", "victim_type", "region")
INFINITY = 10**9
ESCALATED = "escalated"  # the namespace of escalated cases (counted by the day first sent)
DOCUMENTED = "documented"
OUTCOMES = (*Outcome.values, "open")  # every outcome a case can have (docs/statistics.md)
# A figure of escalated cases other than a count of cases per value: "restored" and
# "with_final_outcome" (the recovery rate's counts), "answered"; only noted as shown.
FIGURE = "figure@"

# A question: what is counted, the filters (sorted (name, value) pairs; "" is "not recorded",
# which can be a cell but not a filter) and the period (first and last day, both included).
Filters = tuple[tuple[str, str], ...]
Key = tuple[str, Filters, dt.date, dt.date]


def month_bounds(key: str) -> tuple[dt.date, dt.date]:
    first = dt.date.fromisoformat(key + "-01")
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def with_filter(filters: Filters, name: str, value: str) -> Filters:
    return tuple(sorted((*filters, (name, value))))


@dataclass
class Reading:
    """How the answers of the attacked version are to be read (from what they say)."""

    k: int
    rounding: int  # 1: exact
    zero_hidden: bool  # "fewer than k" may be zero; categories are all listed

    @classmethod
    def of(cls, body: dict[str, Any]) -> Reading:
        rounding = body.get("rounding")
        return cls(int(body["min_cell"]), int(rounding or 1), rounding is not None)

    def count(self, value: int | None, *, withheld_in_breakdown: int = 0) -> tuple[int, int]:
        """A count as a range. Old rule: a withheld cell is 1 to k - 1, except where a
        breakdown withholds exactly two (one of them may be the larger cell withheld with
        a small one)."""
        if value is None:
            if self.zero_hidden:
                return 0, self.k - 1
            return 1, INFINITY if withheld_in_breakdown == 2 else self.k - 1
        return value, value + self.rounding - 1

    def missing(self) -> tuple[int, int] | None:
        """What a category missing from a breakdown holds: none (old rule) or unknown."""
        return None if self.zero_hidden else (0, 0)


@dataclass
class Attacker:
    client: Client
    vocabularies: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # vocabulary -> label -> slug
    published: list[dict[str, str]] = field(default_factory=list)
    bounds: dict[Key, tuple[int, int]] = field(default_factory=dict)
    sums: list[tuple[Key, tuple[Key, ...]]] = field(default_factory=list)
    # Every count read: (where, n, the question it answers; None when it is not one the
    # attacker keeps ranges for).
    shown: list[tuple[str, int, Key | None]] = field(default_factory=list)
    asked: int = 0
    reading: Reading | None = None

    # --- What the public site gives -------------------------------------------------------

    def get(self, url: str, params: dict[str, str]) -> Any:
        self.asked += 1
        response = self.client.get(url, params)
        assert response.status_code == 200, (url, params, response.content[:300])
        return response

    def download_everything_published(self) -> None:
        taxonomy = self.get("/api/v1/taxonomy", {}).json()
        for name in DIMENSIONS:
            terms = taxonomy[name]
            self.vocabularies[name] = [t["slug"] for t in terms] + [""]
            self.labels[name] = {t["labels"]["en"]: t["slug"] for t in terms}
            self.labels[name]["Not recorded"] = ""
        body = self.get("/en/violations/export.csv", {})
        text = b"".join(body.streaming_content).decode()
        self.published = list(csv.DictReader(io.StringIO(text)))

    def published_in(self, key: Key) -> int:
        """Published violations a question covers, counted from the export."""
        what, filters, first, last = key
        if what != DOCUMENTED:
            return 0
        return sum(
            1
            for row in self.published
            if first <= dt.date.fromisoformat(row["documented_on"]) <= last
            and all(row[name] == value for name, value in filters)
        )

    # --- Questions ---------------------------------------------------------------------

    def params(self, filters: Filters, first: dt.date, last: dt.date) -> dict[str, str]:
        return {
            **dict(filters),
            "from": first.isoformat(),
            "to": last.isoformat(),
            "lang": "en",
        }

    def breakdowns(self, filters: Filters, first: dt.date, last: dt.date) -> Key:
        body = self.get("/api/v1/stats/breakdowns", self.params(filters, first, last)).json()
        reading = self._read(body)
        start, end = self._period(body, first, last)
        total = (DOCUMENTED, filters, start, end)
        self.learn(total, self.read(reading, body["documented"], "documented", key=total))
        months = []
        withheld = sum(1 for cell in body["months"] if cell["count"] is None)
        for cell in body["months"]:
            month_first, month_last = month_bounds(cell["key"])
            key = (DOCUMENTED, filters, max(month_first, start), min(month_last, end))
            self.learn(key, self.read(reading, cell["count"], "month", withheld, key=key))
            months.append(key)
        if months:
            self.sums.append((total, tuple(months)))
        for name, cells in body["breakdowns"].items():
            if any(n == name for n, _v in filters):
                continue  # one cell, the total itself
            self._breakdown(total, name, {c["key"]: c["count"] for c in cells}, reading)
        return total

    def summary(self, filters: Filters, first: dt.date, last: dt.date) -> Key:
        body = self.get("/api/v1/stats/summary", self.params(filters, first, last)).json()
        reading = self._read(body)
        start, end = self._period(body, first, last)
        total = (DOCUMENTED, filters, start, end)
        self.learn(total, self.read(reading, body["documented"], "documented", key=total))
        for name, field_name in (("violation_type", "by_type"), ("platform", "by_platform")):
            if any(n == name for n, _v in filters):
                continue
            cells = {c["key"]: c["count"] for c in body[field_name]}
            self._breakdown(total, name, cells, reading)
        escalated = (ESCALATED, filters, start, end)
        self.learn(escalated, self.read(reading, body["escalated"], "escalated", key=escalated))
        for name in ("restored", "with_final_outcome"):
            if body[name] is not None:
                figure = (ESCALATED, with_filter(filters, FIGURE, name), start, end)
                self.shown.append((name, body[name], figure))
        return total

    def escalations(self, filters: Filters, first: dt.date, last: dt.date) -> None:
        body = self.get("/api/v1/stats/escalations", self.params(filters, first, last)).json()
        reading = self._read(body)
        start, end = self._period(body, first, last)
        total = (ESCALATED, filters, start, end)
        self.learn(total, self.read(reading, body["escalated"], "escalated", key=total))
        outcomes = {c["key"]: c["count"] for c in body["outcomes"]}
        self._cells(total, "outcome@", outcomes, reading, complete=OUTCOMES)
        rows = {
            self.labels["platform"].get(row["label"], row["label"]): row["escalated"]
            for row in body["by_platform"]
        }
        platforms = [slug for slug in self.vocabularies["platform"] if slug]
        # The documented rule of each version: rows for every platform with cases (old), or
        # for those not withheld, every other platform having fewer than k (zero included).
        gap = (0, reading.k - 1) if reading.zero_hidden else (0, 0)
        self._cells(total, "platform@", rows, reading, complete=platforms, gap=gap)
        for row in (*body["by_platform"], body["total"]):
            slug = self.labels["platform"].get(row["label"])
            of = with_filter(filters, "platform@", slug) if slug else filters
            for name in ("restored", "with_final_outcome"):
                if row[name] is not None:
                    figure = (ESCALATED, with_filter(of, FIGURE, name), start, end)
                    self.shown.append((f"escalations {name}", row[name], figure))

    def page(self, filters: Filters, first: dt.date, last: dt.date) -> None:
        """The statistics page: its total and tables, read like the API."""
        assert self.reading is not None, "ask the API first: it says how to read figures"
        reading = self.reading
        html = self.get("/en/statistics/", self.params(filters, first, last)).content.decode()
        start, end = self.bounds_period(filters, first, last)
        total = (DOCUMENTED, filters, start, end)
        figure = re.search(r'<span class="figure">([^<]*)</span>', html)
        assert figure, "the page has no total"
        self.learn(total, self.read(reading, _number(figure.group(1)), "page total", key=total))
        for name in DIMENSIONS:
            if any(n == name for n, _v in filters):
                continue
            section = html.split(f'id="chart-{name}"', 1)[1].split("</section>", 1)[0]
            cells: dict[str, int | None] = {}
            for label, value in re.findall(
                r'<tr><th scope="row">(.*?)</th><td class="num">(.*?)</td></tr>', section, re.S
            ):
                cells[self.labels[name][_text(label)]] = _number(_text(value))
            for slug, value in cells.items():
                if value is not None:
                    cell = (DOCUMENTED, with_filter(filters, name, slug), start, end)
                    self.shown.append((f"page {name}", value, cell))
            others = 'class="others"' in section
            missing = (0, reading.k - 1) if others else (0, 0)
            self._cells(total, name, cells, reading, complete=self.vocabularies[name], gap=missing)

    def bounds_period(self, filters: Filters, first: dt.date, last: dt.date) -> tuple[dt.date, ...]:
        """The period the statistics use for these days (what the summary says it used)."""
        body = self.client.get("/api/v1/stats/summary", self.params(filters, first, last)).json()
        return self._period(body, first, last)

    def bisect(self, filters: Filters, first: dt.date, last: dt.date, budget: int) -> int:
        """Halve the period until each part holds no unpublished case or is a single day:
        the classic attack on ``from``/``to``. Returns the questions it took."""
        asked = 0
        stack = [(first, last)]
        seen: set[tuple[dt.date, dt.date]] = set()
        while stack and asked < budget:
            day_a, day_b = stack.pop()
            key = self.summary(filters, day_a, day_b)
            asked += 1
            period = key[2:]
            if period in seen or period != (day_a, day_b):
                continue  # the answer is for another period than asked: halving gives nothing
            seen.add(period)
            _low, high = self.interval(key)
            if high - self.published_in(key) <= 0 or day_a == day_b:
                continue
            middle = day_a + (day_b - day_a) // 2
            stack += [(day_a, middle), (middle + dt.timedelta(days=1), day_b)]
        return asked

    def first_crossing(self, filters: Filters, first: dt.date, last: dt.date) -> int:
        """Search for the first day by which the period's count reaches the threshold (the
        day its k-th violation was documented), then ask that day alone and the days before
        it: with day filters and rounding, this finds a day that holds a violation. Returns
        the questions it took."""
        asked = 0
        low_day, high_day = first, last
        while low_day < high_day:
            middle = low_day + (high_day - low_day) // 2
            key = self.summary(filters, first, middle)
            asked += 1
            if self.interval(key)[0] >= self.reading_k():
                high_day = middle
            else:
                low_day = middle + dt.timedelta(days=1)
        self.summary(filters, low_day, low_day)
        if low_day > first:
            self.summary(filters, first, low_day - dt.timedelta(days=1))
        return asked + 2

    def reading_k(self) -> int:
        return self.reading.k if self.reading else 1

    # --- What it learns -------------------------------------------------------------------

    def read(
        self,
        reading: Reading,
        value: int | None,
        where: str,
        withheld: int = 0,
        *,
        key: Key | None = None,
    ) -> tuple[int, int]:
        """One count of an answer as a range (and noted as shown, when it is a number);
        ``withheld``: how many cells its breakdown withholds; ``key``: the question whose
        count it is."""
        if value is not None:
            self.shown.append((where, value, key))
        return reading.count(value, withheld_in_breakdown=withheld)

    def learn(self, key: Key, interval: tuple[int, int]) -> None:
        low, high = interval
        old_low, old_high = self.bounds.get(key, (self.published_in(key), INFINITY))
        self.bounds[key] = (max(old_low, low), min(old_high, high))

    def interval(self, key: Key) -> tuple[int, int]:
        return self.bounds.get(key, (self.published_in(key), INFINITY))

    def combine(self) -> None:
        """Every sum, applied until nothing narrows any more."""
        for _round in range(200):
            changed = False
            for total, parts in self.sums:
                ranges = [self.interval(p) for p in parts]
                low, high = self.interval(total)
                lows, highs = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
                new_total = (max(low, lows), min(high, highs))
                if new_total != (low, high):
                    self.bounds[total], changed = new_total, True
                low, high = new_total
                for part, (p_low, p_high) in zip(parts, ranges, strict=True):
                    narrowed = (
                        max(p_low, low - (highs - p_high)),
                        min(p_high, high - (lows - p_low)),
                    )
                    if narrowed != (p_low, p_high):
                        self.bounds[part], changed = narrowed, True
            if not changed:
                return

    def halves(self) -> None:
        """Periods asked that are the union of two other periods asked (bisection)."""
        by_filters: dict[tuple[str, Filters], list[tuple[dt.date, dt.date]]] = {}
        for what, filters, first, last in self.bounds:
            by_filters.setdefault((what, filters), []).append((first, last))
        for (what, filters), periods in by_filters.items():
            known = set(periods)
            for first, last in periods:
                for a_first, a_last in periods:
                    if a_first == first and a_last < last:
                        rest = (a_last + dt.timedelta(days=1), last)
                        if rest in known:
                            self.sums.append(
                                (
                                    (what, filters, first, last),
                                    ((what, filters, a_first, a_last), (what, filters, *rest)),
                                )
                            )

    # --- Internals ------------------------------------------------------------------------

    def _read(self, body: dict[str, Any]) -> Reading:
        self.reading = Reading.of(body)
        return self.reading

    @staticmethod
    def _period(body: dict[str, Any], first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
        start = body.get("from") or first.isoformat()
        end = body.get("to") or last.isoformat()
        return dt.date.fromisoformat(start), dt.date.fromisoformat(end)

    def _breakdown(
        self, total: Key, name: str, cells: dict[str, int | None], reading: Reading
    ) -> None:
        self._cells(total, name, cells, reading, complete=self.vocabularies[name])

    def _cells(
        self,
        total: Key,
        name: str,
        cells: dict[str, int | None],
        reading: Reading,
        *,
        complete: Iterable[str],
        gap: tuple[int, int] | None = None,
    ) -> None:
        """The cells of one breakdown of ``total``: with every value the breakdown can have
        (``complete``) they sum to the total; a value it does not list holds ``gap`` (default:
        the reading's rule)."""
        what, filters, first, last = total
        missing = gap if gap is not None else reading.missing()
        parts = []
        withheld = sum(1 for count in cells.values() if count is None)
        for value in dict.fromkeys([*cells, *complete]):
            key = (what, with_filter(filters, name, value), first, last)
            if value in cells:
                self.learn(key, self.read(reading, cells[value], f"{name} cell", withheld, key=key))
            elif missing is not None:
                self.learn(key, missing)
            parts.append(key)
        self.sums.append((total, tuple(parts)))


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).strip()


def _number(text: str) -> int | None:
    digits = text.replace(",", "").strip()
    return int(digits) if digits.isdigit() else None
