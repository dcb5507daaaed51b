"""A report drawn from its snapshot in one language: the labels the snapshot kept, every
count as the public statistics show it (``shown``: the published cases exactly and the others
rounded down to a multiple of k, the categories with a count and one line for the others;
docs/statistics.md, "Reports"), the charts, the staff's texts. The HTML page and the
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
from marsad.observatory.disclosure import Cell, rounded
from marsad.reporting import shown
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
MAX_COLUMNS = 6  # a cross-tabulation shows at most its six largest columns
EXAMPLE = (1234, 1000)  # the methodology's example: violations, of which published


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
class ChangeRow:
    """A line of "Compared with": the earlier period and the change, from the totals shown."""

    label: str
    change: shown.Change


@dataclass(frozen=True)
class Table:
    """A cross-tabulation as shown: the rows and columns whose count is not withheld (at most
    ``MAX_COLUMNS`` columns, the largest), every cell as the site shows it."""

    title: str
    rows_label: str
    columns: list[str]
    rows: list[tuple[str, list[int | None]]]
    others: bool  # some row categories (withheld: fewer than k each) are left out
    row_keys: list[str]  # the slugs of the rows and columns ("" for "not recorded")
    column_keys: list[str]


@dataclass(frozen=True)
class PlatformRow:
    slug: str
    label: str
    figures: shown.Escalations


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
    versions = labels.get(name, {}).get(slug, {})
    return versions.get(lang) or next((versions[c] for c in LANGUAGES if versions.get(c)), slug)


def _categories(figures: dict[str, Any], name: str, lang: str) -> list[tuple[str, str]]:
    """Every category of a vocabulary, ``(slug, label)`` in the vocabulary's order (kept by
    the snapshot; a snapshot made before it kept the order: by slug), then "not recorded"."""
    labels = figures["labels"]
    order = (figures.get("order") or {}).get(name) or sorted(labels.get(name, {}))
    return [*((slug, _label(labels, name, slug, lang)) for slug in order), ("", _("Not recorded"))]


def _crosstab(
    tab: dict[str, Any],
    published: dict[str, Any] | None,
    figures: dict[str, Any],
    lang: str,
    k: int,
) -> Table:
    """``published``: the same table counting the published violations (None: none kept)."""
    rows_name, cols_name = tab["rows"], tab["cols"]

    def sums(cells: list[list[Any]]) -> tuple[dict[tuple[str, str], int], dict, dict]:
        matrix: dict[tuple[str, str], int] = {}
        row_totals: dict[str, int] = {}
        col_totals: dict[str, int] = {}
        for r, c, n in cells:
            matrix[r, c] = matrix.get((r, c), 0) + n
            row_totals[r] = row_totals.get(r, 0) + n
            col_totals[c] = col_totals.get(c, 0) + n
        return matrix, row_totals, col_totals

    matrix, row_totals, col_totals = sums(tab["cells"])
    in_public, row_public, col_public = sums(published["cells"] if published else [])
    row_cells = shown.cells(row_totals, _categories(figures, rows_name, lang), k, row_public)
    rows = shown.listed(row_cells)
    columns = shown.listed(
        shown.cells(col_totals, _categories(figures, cols_name, lang), k, col_public)
    )
    columns = columns[:MAX_COLUMNS]
    return Table(
        title=_("%(rows)s and %(columns)s")
        % {"rows": AXES[rows_name], "columns": str(AXES[cols_name]).lower()},
        rows_label=str(AXES[rows_name]),
        columns=[c.label for c in columns],
        rows=[
            (
                r.label,
                [
                    rounded(
                        matrix.get((r.key, c.key), 0),
                        k,
                        published=in_public.get((r.key, c.key), 0),
                    )
                    for c in columns
                ],
            )
            for r in rows
        ],
        others=len(rows) < len(row_cells),
        row_keys=[r.key for r in rows],
        column_keys=[c.key for c in columns],
    )


def _platform_rows(
    e: dict[str, Any], figures: dict[str, Any], lang: str, k: int
) -> list[PlatformRow]:
    """The platforms whose count of cases is not withheld, by it, equal ones in the
    vocabulary's order (as on the public statistics page)."""
    order = {slug: i for i, (slug, _name) in enumerate(_categories(figures, "platform", lang))}
    rows = [(shown.escalations(row, k), row["platform"]) for row in e["platforms"]]
    rows = [(row, slug) for row, slug in rows if row.escalated is not None]
    rows.sort(key=lambda pair: (-(pair[0].escalated or 0), order.get(pair[1], len(order))))
    return [
        PlatformRow(slug, _label(figures["labels"], "platform", slug, lang), row)
        for row, slug in rows
    ]


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its cell and its length in percent of the largest (a withheld
    cell is drawn pale, to k - 1: the most it may hold)."""

    cell: Cell
    percent: int

    @property
    def start(self) -> int:
        return 100 - self.percent


def bars(cells: list[Cell], k: int) -> list[Bar]:
    """Charts are drawn as HTML with plain SVG bars: the labels are text of the page, shaped
    and set right to left by the browser or WeasyPrint like every other word, and the bars
    need no script and no style attribute (the staff pages' CSP allows neither)."""
    values = [c.count if c.count is not None else k - 1 for c in cells]
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
    head = shown.headline(figures)
    k = head.k
    labels = figures["labels"]
    kind, year, quarter = figures["kind"], figures["year"], figures["quarter"]
    v = figures["violations"]
    published = shown.published_violations(figures)
    # Every month of the period is listed (the period is fixed), each as shown.
    months_published = shown.pairs(published.get("months"))
    months = [
        Cell(
            key,
            date_format(dt.date.fromisoformat(key + "-01"), "YEAR_MONTH_FORMAT"),
            rounded(n, k, published=months_published.get(key, 0)),
        )
        for key, n in v["months"]
    ]
    breakdowns = []
    for name, rows in v["breakdowns"].items():
        every = shown.cells(
            shown.pairs(rows),
            _categories(figures, name, lang),
            k,
            shown.pairs((published.get("breakdowns") or {}).get(name)),
        )
        breakdowns.append(
            (name, str(TITLES[name]), shown.listed(every), len(shown.listed(every)) < len(every))
        )
    e = figures["escalations"]
    outcome_labels = [(value, str(label)) for value, label in Outcome.choices]
    outcome_labels.append(("open", _("Waiting for the outcome")))
    every_outcome = shown.cells(
        e["total"]["outcomes"],
        outcome_labels,
        k,
        (e["total"].get("published") or {}).get("outcomes"),
    )
    platforms = _platform_rows(e, figures, lang, k)
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
        "max_columns": MAX_COLUMNS,
        "rounding_example": (*EXAMPLE, rounded(EXAMPLE[0], k, published=EXAMPLE[1])),
        "fewer": _("fewer than %(k)s") % {"k": k},
        "total": head.total,
        "changes": [ChangeRow(code_label(c.code), c) for c in head.changes],
        "months": months,
        "breakdowns": breakdowns,
        "crosstabs": [
            _crosstab(tab, public, figures, lang, k)
            for tab, public in zip(
                v["crosstabs"],
                published.get("crosstabs") or [None] * len(v["crosstabs"]),
                strict=True,
            )
        ],
        "escalations": head.escalations,
        "platforms": platforms,
        # With k = 1 nothing is withheld: a platform without a row has no case.
        "other_platforms": k > 1
        and len(platforms) < len(_categories(figures, "platform", lang)) - 1,
        "outcomes": shown.listed(every_outcome),
        "other_outcomes": len(shown.listed(every_outcome)) < len(every_outcome),
        "notable": notable,
        "sections": _sections(texts, lang),
        "summary": texts.summaries.get(lang) or generated_summary(figures, lang),
        "summary_edited": bool(texts.summaries.get(lang)),
    }
    if "work" in figures:
        y = figures["work"]
        view["work"] = y
        view["reports_received"] = rounded(int(y["reports_received"]), k)
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
        view["bars"] = {name: bars(cells, k) for name, _title, cells, _others in breakdowns}
    return view
