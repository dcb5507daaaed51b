"""The summary paragraph of a report, written from its figures in the manner of a press
release ("... released 13 publications ... trained more than 3,000 people ... documented 1,119
violations ... recovered a third of the content reported ..."), in each language. Staff edit
it before publishing; the edited text is kept apart and wins (``Report.summary``).

Each sentence is one translatable string with its numbers as placeholders, so translators
can write natural sentences; a sentence whose figure is zero is left out. Numbers are exact:
a share is said in words ("a third") only when it is within one percentage point of it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def _change_sentence(total: int, earlier: int, earlier_label: str) -> str:
    if not earlier:
        return ""
    if total == earlier:
        return _("That is as many as in %(earlier)s.") % {"earlier": earlier_label}
    percent = (200 * abs(total - earlier) + earlier) // (2 * earlier)
    values = {"percent": percent, "earlier": earlier_label, "count": number(earlier)}
    if total > earlier:
        return _("That is %(percent)s%% more than in %(earlier)s (%(count)s).") % values
    return _("That is %(percent)s%% fewer than in %(earlier)s (%(count)s).") % values


def _sentences(figures: dict[str, Any]) -> list[str]:
    org = organisation_name()
    v = figures["violations"]
    total = v["total"]
    out = [
        ngettext(
            "%(when)s, %(org)s documented %(count)s violation of Palestinian digital rights.",
            "%(when)s, %(org)s documented %(count)s violations of Palestinian digital rights.",
            total,
        )
        % {"when": _period_words(figures), "org": org, "count": number(total)}
    ]
    out.append(_change_sentence(total, v["previous"]["total"], code_label(v["previous"]["code"])))
    if v.get("year_before"):
        out.append(
            _change_sentence(total, v["year_before"]["total"], code_label(v["year_before"]["code"]))
        )
    e = figures["escalations"]["total"]
    if e["escalated"]:
        out.append(
            ngettext(
                "It escalated %(count)s case to social media companies, which responded "
                "positively in %(positive)s.",
                "It escalated %(count)s cases to social media companies, which responded "
                "positively in %(positive)s of them.",
                e["escalated"],
            )
            % {"count": number(e["escalated"]), "positive": number(e["positive"])}
        )
    restored, decided = e["recovery"]
    if decided:
        out.append(
            _(
                "Following up on the cases with the companies, it recovered %(share)s of the "
                "removed, suspended or restricted content it reported (%(restored)s of "
                "%(decided)s cases with a final outcome)."
            )
            % {
                "share": share_words(restored, decided),
                "restored": number(restored),
                "decided": number(decided),
            }
        )
    if "work" in figures:
        out.extend(_year_sentences(figures["work"]))
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
