"""A report drawn from its snapshot in one language: the labels the snapshot kept, the
small-number rule of the public statistics applied to every breakdown, series and table
(docs/statistics.md, "Small numbers"), the charts, the staff's texts. The HTML page and the
PDF are both drawn from what ``report_view`` returns, so they always say the same."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from marsad.activities.choices import CampaignKind, Channel, MentionLanguage, PublicationKind
from marsad.core.i18n import direction
from marsad.escalations.choices import Outcome
from marsad.observatory.selectors import Cell, protect
from marsad.reporting.choices import LANGUAGES, Placement, ReportKind
from marsad.reporting.labels import code_label, period_label, report_title
from marsad.reporting.richtext import sanitise
from marsad.reporting.summary import generated_summary

TITLES = {
    "violation_type": gettext_lazy("By violation type"),
    "platform": gettext_lazy("By platform"),
    "perpetrator_type": gettext_lazy("By perpetrator"),
    "victim_type": gettext_lazy("By victim type"),
    "region": gettext_lazy("By region"),
}
AXES = {
    "violation_type": gettext_lazy("Violation type"),
    "platform": gettext_lazy("Platform"),
    "perpetrator_type": gettext_lazy("Perpetrator"),
    "victim_type": gettext_lazy("Victim type"),
    "region": gettext_lazy("Region"),
}
MAX_COLUMNS = 6  # a cross-tabulation shows its largest columns and puts the rest in "Other"
OTHER = "\x00other"


@dataclass
class Texts:
    """The staff's texts of a report in every language, as a snapshot keeps them."""

    summaries: dict[str, str] = field(default_factory=dict)  # language -> edited paragraph
    sections: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"summaries": self.summaries, "sections": self.sections}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Texts:
        data = data or {}
        return cls(dict(data.get("summaries") or {}), list(data.get("sections") or []))

    def digest(self) -> str:
        encoded = json.dumps(self.as_json(), sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class Change:
    code: str
    label: str
    total: int
    difference: int
    percent: int | None  # None when the earlier figure is 0


@dataclass(frozen=True)
class Table:
    title: str
    rows_label: str
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]


@dataclass(frozen=True)
class PlatformRow:
    label: str
    escalated: int | None
    answered: int | None
    positive: int | None
    recovery_percent: int | None
    restored: int | None
    with_final_outcome: int | None
    median_days: int | None
    p90_days: int | None


@dataclass(frozen=True)
class Notable:
    id: int
    type_label: str
    platform_label: str
    documented_on: str
    text: str
    language: str

    @property
    def dir(self) -> str:
        return direction(self.language)


def _label(labels: dict[str, dict[str, dict[str, str]]], name: str, slug: str, lang: str) -> str:
    if not slug:
        return _("Not recorded")
    if slug == OTHER:
        return _("Other")
    versions = labels.get(name, {}).get(slug, {})
    return versions.get(lang) or next((versions[c] for c in LANGUAGES if versions.get(c)), slug)


def _change(code: str, total: int, earlier: int) -> Change:
    difference = total - earlier
    percent = None
    if earlier:
        # Whole percent, halves away from zero.
        percent = (
            (200 * abs(difference) + earlier) // (2 * earlier) * (1 if difference >= 0 else -1)
        )
    return Change(code, code_label(code), earlier, difference, percent)


def _cells(pairs: list[list[Any]], name: str, labels: Any, lang: str, k: int) -> list[Cell]:
    counts = [(str(slug), int(n)) for slug, n in pairs]
    return [
        Cell(slug, _label(labels, name, slug, lang), shown)
        for (slug, _n), shown in zip(counts, protect(counts, k=k), strict=True)
    ]


def protect_table(matrix: list[list[int]], k: int) -> list[list[int | None]]:
    """The small-number rule for a table: every cell from 1 to k-1 is withheld, then in any
    row or column with exactly one withheld cell, the smallest other non-zero cell is
    withheld too (again until nothing changes), so no withheld cell can be worked out from
    the breakdowns, which are the table's row and column totals."""
    shown: list[list[int | None]] = [[None if 0 < n < k else n for n in row] for row in matrix]
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(matrix)]
        if matrix:
            lines += [[(r, c) for r in range(len(matrix))] for c in range(len(matrix[0]))]
        for line in lines:
            withheld = [rc for rc in line if shown[rc[0]][rc[1]] is None]
            if len(withheld) != 1:
                continue
            others = [
                (matrix[r][c], r, c) for r, c in line if shown[r][c] is not None and matrix[r][c]
            ]
            if others:
                _n, r, c = min(others)
                shown[r][c] = None
                changed = True
    return shown


def _crosstab(tab: dict[str, Any], labels: Any, lang: str, k: int) -> Table:
    rows_name, cols_name = tab["rows"], tab["cols"]
    row_totals: dict[str, int] = {}
    col_totals: dict[str, int] = {}
    for r, c, n in tab["cells"]:
        row_totals[r] = row_totals.get(r, 0) + n
        col_totals[c] = col_totals.get(c, 0) + n
    columns = sorted(col_totals, key=lambda c: (-col_totals[c], c))
    if len(columns) > MAX_COLUMNS:
        columns = [*columns[: MAX_COLUMNS - 1], OTHER]
    kept = set(columns)
    rows = sorted(row_totals, key=lambda r: (-row_totals[r], r))
    matrix = [[0] * len(columns) for _ in rows]
    for r, c, n in tab["cells"]:
        column = c if c in kept else OTHER
        matrix[rows.index(r)][columns.index(column)] += n
    shown = protect_table(matrix, k)
    return Table(
        title=_("%(rows)s and %(columns)s")
        % {"rows": AXES[rows_name], "columns": str(AXES[cols_name]).lower()},
        rows_label=str(AXES[rows_name]),
        columns=[_label(labels, cols_name, c, lang) for c in columns],
        rows=[(_label(labels, rows_name, r, lang), shown[i]) for i, r in enumerate(rows)],
    )


def _platform_row(row: dict[str, Any], label: str, escalated: int | None, k: int) -> PlatformRow:
    restored, with_outcome = row["recovery"]
    hide_recovery = escalated is None or 0 < with_outcome < k
    hide_times = escalated is None or 0 < row["answered"] < k
    percent = None
    if with_outcome and not hide_recovery:
        percent = (200 * restored + with_outcome) // (2 * with_outcome)
    return PlatformRow(
        label=label,
        escalated=escalated,
        answered=None if escalated is None else row["answered"],
        positive=None if hide_recovery else row["positive"],
        recovery_percent=percent,
        restored=None if hide_recovery else restored,
        with_final_outcome=None if hide_recovery else with_outcome,
        median_days=None if hide_times else row["median_days"],
        p90_days=None if hide_times else row["p90_days"],
    )


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its cell and its length in percent of the largest (a withheld
    cell is drawn pale, to the threshold)."""

    cell: Cell
    percent: int

    @property
    def start(self) -> int:
        return 100 - self.percent


def bars(cells: list[Cell], k: int) -> list[Bar]:
    """Charts are drawn as HTML with plain SVG bars: the labels are text of the page, shaped
    and set right to left by the browser or WeasyPrint like every other word, and the bars
    need no script and no style attribute (the staff pages' CSP allows neither)."""
    values = [c.count if c.count is not None else k for c in cells]
    top = max(values, default=0) or 1
    return [
        Bar(c, max(1 if v else 0, round(100 * v / top))) for c, v in zip(cells, values, strict=True)
    ]


def _choice_rows(counts: dict[str, int], choices: Any) -> list[tuple[str, int]]:
    return [(str(label), int(counts.get(value, 0))) for value, label in choices]


def _sections(texts: Texts, lang: str) -> dict[str, list[dict[str, Any]]]:
    placed: dict[str, list[dict[str, Any]]] = {p.value: [] for p in Placement}
    for section in texts.sections:
        versions = section.get("texts", {})
        code = next((c for c in (lang, *LANGUAGES) if (versions.get(c) or {}).get("heading")), "")
        if not code:
            continue
        version = versions[code]
        placed.setdefault(section.get("placement", Placement.CLOSING), []).append(
            {
                "heading": version["heading"],
                "body": mark_safe(sanitise(version.get("body", ""))),  # noqa: S308  # nosec B308 B703
                "language": code,
                "dir": direction(code),
            }
        )
    return placed


def report_view(
    figures: dict[str, Any], texts: Texts, language: str, *, with_charts: bool = True
) -> dict[str, Any]:
    """Everything a report template draws, in ``language``."""
    with translation.override(language):
        return _report_view(figures, texts, language, with_charts)


def _report_view(
    figures: dict[str, Any], texts: Texts, lang: str, with_charts: bool
) -> dict[str, Any]:
    k = int(figures.get("min_cell", 5))
    labels = figures["labels"]
    kind, year, quarter = figures["kind"], figures["year"], figures["quarter"]
    v = figures["violations"]
    months = [
        Cell(key, date_format(dt.date.fromisoformat(key + "-01"), "YEAR_MONTH_FORMAT"), shown)
        for (key, _n), shown in zip(
            v["months"], protect([(key, n) for key, n in v["months"]], k=k), strict=True
        )
    ]
    breakdowns = [
        (name, str(TITLES[name]), _cells(pairs, name, labels, lang, k))
        for name, pairs in v["breakdowns"].items()
    ]
    changes = [_change(v["previous"]["code"], v["total"], v["previous"]["total"])]
    if v.get("year_before"):
        changes.append(_change(v["year_before"]["code"], v["total"], v["year_before"]["total"]))
    e = figures["escalations"]
    platform_counts = [(row["platform"], row["escalated"]) for row in e["platforms"]]
    platforms = [
        _platform_row(row, _label(labels, "platform", row["platform"], lang), shown, k)
        for row, shown in zip(e["platforms"], protect(platform_counts, k=k), strict=True)
    ]
    total_row = _platform_row(e["total"], _("All platforms"), e["total"]["escalated"], k=0)
    outcome_labels = dict(Outcome.choices) | {"open": _("Waiting for the outcome")}
    mix = [(key, n) for key, n in e["total"]["outcomes"].items() if n]
    mix.sort(key=lambda pair: -pair[1])
    outcomes = [
        Cell(key, str(outcome_labels.get(key, key)), shown)
        for (key, _n), shown in zip(mix, protect(mix, k=k), strict=True)
    ]
    notable = []
    for case in figures.get("notable", []):
        summaries = case.get("summaries", {})
        code = next((c for c in (lang, *LANGUAGES) if summaries.get(c)), lang)
        notable.append(
            Notable(
                id=case["id"],
                type_label=_label(labels, "violation_type", case["violation_type"], lang),
                platform_label=_label(labels, "platform", case["platform"], lang),
                documented_on=case["documented_on"],
                text=summaries.get(code, ""),
                language=code,
            )
        )
    fewer = _("fewer than %(k)s") % {"k": k}
    view: dict[str, Any] = {
        "LANG": lang,
        "DIR": direction(lang),
        "kind": kind,
        "annual": kind == ReportKind.ANNUAL,
        "code": figures["code"],
        "title": report_title(kind, year, quarter),
        "period_label": period_label(kind, year, quarter),
        "start": figures["start"],
        "last_day": (dt.date.fromisoformat(figures["end"]) - dt.timedelta(days=1)).isoformat(),
        "generated_at": figures["generated_at"][:10],
        "min_cell": k,
        "fewer": fewer,
        "total": v["total"],
        "changes": changes,
        "months": months,
        "breakdowns": breakdowns,
        "crosstabs": [_crosstab(tab, labels, lang, k) for tab in v["crosstabs"]],
        "escalations": e["total"],
        "escalation_total": total_row,
        "platforms": platforms,
        "outcomes": outcomes,
        "notable": notable,
        "sections": _sections(texts, lang),
        "summary": texts.summaries.get(lang) or generated_summary(figures, lang),
        "summary_edited": bool(texts.summaries.get(lang)),
    }
    if "work" in figures:
        y = figures["work"]
        view["work"] = y
        view["publications"] = _choice_rows(y["publications"], PublicationKind.choices)
        view["campaigns"] = _choice_rows(y["campaigns"], CampaignKind.choices)
        view["mentions"] = _choice_rows(y["media_mentions"], MentionLanguage.choices)
        view["followers"] = [
            (str(label), y["communications"]["followers"][value])
            for value, label in Channel.choices
            if value in y["communications"]["followers"]
        ]
        view["milestones"] = [
            {
                "date": m["date"],
                "title": m["title"].get(lang) or next((t for t in m["title"].values() if t), ""),
            }
            for m in y["milestones"]
        ]
        view["publications_total"] = sum(n for _label, n in view["publications"])
        view["campaigns_total"] = sum(n for _label, n in view["campaigns"])
        view["mentions_total"] = sum(n for _label, n in view["mentions"])
    if with_charts:
        view["month_bars"] = bars(months, k)
        view["bars"] = {name: bars(cells, k) for name, _title, cells in breakdowns}
    return view
