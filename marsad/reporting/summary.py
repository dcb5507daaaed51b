"""The summary paragraph of a report, written from its figures in the manner of a press
release ("... released 13 publications ... trained more than 3,000 people ... documented 1,119
violations ... recovered a third of the content reported ..."), in each language. Staff edit
it before publishing; the edited text is kept apart and wins (``Report.summary``).

Each sentence is one translatable string with its numbers as placeholders, so translators
can write natural sentences; a sentence whose figure is zero is left out. Its numbers are
those the report shows (``shown``): counts of cases give the published ones exactly and the
others rounded down to a multiple of k, as the paragraph's last sentence says, and changes
and shares are made from the counts shown; the organisation's own work is counted exactly.
A share is said in words ("a third") only when it is within one percentage point of it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marsad.reporting import shown
from marsad.reporting.choices import ReportKind
from marsad.reporting.labels import code_label, period_label


def number(n: int) -> str:
    return f"{n:,}"


def organisation_name() -> str:
    return str(getattr(settings, "MARSAD_ORGANISATION_NAME", "") or _("Marsad"))


def share_words(restored: int, total: int) -> str:
    """A share of a whole as people say it: "a third", "half" ... or "37%"."""
    value = Fraction(restored, total)
    words = {
        Fraction(1, 4): _("a quarter"),
        Fraction(1, 3): _("a third"),
        Fraction(1, 2): _("half"),
        Fraction(2, 3): _("two thirds"),
        Fraction(3, 4): _("three quarters"),
        Fraction(1): _("all"),
    }
    for share, said in words.items():
        if abs(value - share) <= Fraction(1, 100):
            return said
    percent = (200 * restored + total) // (2 * total)
    return _("%(percent)s%%") % {"percent": percent}


def _period_words(figures: dict[str, Any]) -> str:
    if figures["kind"] == ReportKind.ANNUAL:
        return _("In %(year)s") % {"year": figures["year"]}
    period = period_label(figures["kind"], figures["year"], figures["quarter"])
    return _("In %(period)s") % {"period": period}


def _count(n: int | None, k: int) -> str:
    """A count of cases as shown, or "fewer than k" (withheld)."""
    return number(n) if n is not None else _("fewer than %(k)s") % {"k": k}


def _change_sentence(change: shown.Change, total: int | None, earlier_label: str) -> str:
    if total is None or not change.earlier or change.percent is None:
        return ""
    if change.difference == 0:
        return _("That is as many as in %(earlier)s.") % {"earlier": earlier_label}
    values = {
        "percent": abs(change.percent),
        "earlier": earlier_label,
        "count": number(change.earlier),
    }
    if (change.difference or 0) > 0:
        return _("That is %(percent)s%% more than in %(earlier)s (%(count)s).") % values
    return _("That is %(percent)s%% fewer than in %(earlier)s (%(count)s).") % values


def _sentences(figures: dict[str, Any]) -> list[str]:
    """From the figures as the report shows them (``shown.headline``): counts of cases as
    shown, "fewer than k" when withheld, changes and shares from the counts shown."""
    org = organisation_name()
    head = shown.headline(figures)
    k, total = head.k, head.total
    out = [
        ngettext(
            "%(when)s, %(org)s documented %(count)s violation of Palestinian digital rights.",
            "%(when)s, %(org)s documented %(count)s violations of Palestinian digital rights.",
            k if total is None else total,
        )
        % {"when": _period_words(figures), "org": org, "count": _count(total, k)}
    ]
    for change in head.changes:
        out.append(_change_sentence(change, total, code_label(change.code)))
    e = head.escalations
    if e.escalated:
        out.append(
            ngettext(
                "It escalated %(count)s case to social media companies, which responded "
                "positively in %(positive)s.",
                "It escalated %(count)s cases to social media companies, which responded "
                "positively in %(positive)s of them.",
                e.escalated,
            )
            % {"count": number(e.escalated), "positive": _count(e.positive, k)}
        )
    if e.recovery is not None and e.recovery.denominator and e.restored is not None:
        out.append(
            _(
                "Following up on the cases with the companies, it recovered %(share)s of the "
                "removed, suspended or restricted content it reported (%(restored)s of "
                "%(decided)s cases with a final outcome)."
            )
            % {
                "share": share_words(e.recovery.numerator, e.recovery.denominator),
                "restored": number(e.restored),
                "decided": number(e.recovery.denominator),
            }
        )
    if "work" in figures:
        out.extend(_year_sentences(figures["work"]))
    if k > 1:
        out.append(
            _(
                "To protect the people concerned, counts of cases give the published cases "
                "exactly and the others rounded down to a multiple of %(k)s."
            )
            % {"k": k}
        )
    return [s for s in out if s]


def _year_sentences(y: dict[str, Any]) -> list[str]:
    out = []
    publications = sum(y["publications"].values())
    if publications:
        out.append(
            ngettext(
                "During the year it released %(count)s publication.",
                "During the year it released %(count)s publications.",
                publications,
            )
            % {"count": number(publications)}
        )
    trainees = y["trainees"]
    if trainees["total"]:
        out.append(
            ngettext(
                "It trained %(count)s person (%(women)s women and %(men)s men) from "
                "%(organisations)s organisations.",
                "It trained %(count)s people (%(women)s women and %(men)s men) from "
                "%(organisations)s organisations.",
                trainees["total"],
            )
            % {
                "count": number(trainees["total"]),
                "women": number(trainees["women"]),
                "men": number(trainees["men"]),
                "organisations": number(y["organisations_trained"]),
            }
        )
    if y["organisations_assessed"]:
        out.append(
            ngettext(
                "It assessed the needs of %(count)s organisation.",
                "It assessed the needs of %(count)s organisations.",
                y["organisations_assessed"],
            )
            % {"count": number(y["organisations_assessed"])}
        )
    events = y["events"]
    if events["attendees"]:
        out.append(
            ngettext(
                "%(count)s person attended its events and forums, and %(viewers)s views "
                "were counted online.",
                "%(count)s people attended its events and forums, and %(viewers)s views "
                "were counted online.",
                events["attendees"],
            )
            % {"count": number(events["attendees"]), "viewers": number(events["viewers"])}
        )
    campaigns = sum(y["campaigns"].values())
    if campaigns:
        out.append(
            ngettext(
                "It led or joined %(count)s campaign or advocacy action.",
                "It led or joined %(count)s campaigns and advocacy actions.",
                campaigns,
            )
            % {"count": number(campaigns)}
        )
    mentions = sum(y["media_mentions"].values())
    if mentions:
        out.append(
            ngettext(
                "Its work was mentioned %(count)s time in the media.",
                "Its work was mentioned %(count)s times in the media.",
                mentions,
            )
            % {"count": number(mentions)}
        )
    subscribers = y["subscribers"]["at_end"]
    if subscribers:
        out.append(
            ngettext(
                "Its mailing list ended the year with %(count)s subscriber.",
                "Its mailing list ended the year with %(count)s subscribers.",
                subscribers,
            )
            % {"count": number(subscribers)}
        )
    return out


def generated_summary(figures: dict[str, Any], language: str) -> str:
    """The paragraph in ``language``, from the snapshot's figures."""
    with translation.override(language):
        return " ".join(_sentences(figures))
