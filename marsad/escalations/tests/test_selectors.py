"""The escalation statistics against a fixture built for them, whose every figure is worked out
by hand below (docs/statistics.md, "Escalations"), and against SQL written out by hand."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.escalations import selectors
from marsad.escalations.choices import Channel, Outcome, Request
from marsad.escalations.models import Escalation
from marsad.escalations.selectors import (
    Period,
    Rate,
    escalation_figures,
    escalation_figures_by_platform,
    nearest_rank,
    outcome_mix,
    recovery_rate,
    removal_rate,
    response_times,
)
from marsad.escalations.tests.factories import documented
from marsad.taxonomy.models import Platform, Region

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Jerusalem")
Y2022 = Period.year(2022)
REMOVALS = ("content-removal", "account-suspension", "restriction-reduced-reach", "feature-ban")


def at(day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """Day ``day`` of 2022 (1 = 1 January), local time."""
    return dt.datetime(2022, 1, 1, hour, minute, tzinfo=TZ) + dt.timedelta(days=day - 1)


class Fixture:
    """Builds the cases; remembers the response days of the answered Instagram cases."""

    def __init__(self) -> None:
        self.user = make_user(Role.COORDINATOR, "stats")
        self.day = 0

    def case(
        self,
        *,
        platform: str = "instagram",
        type_slug: str = "content-removal",
        outcome: str = "",
        days: int | None = None,
        sent: dt.datetime | None = None,
        violation: Violation | None = None,
        follow_up_after: int | None = None,
    ) -> Escalation:
        """One escalated case; ``days`` until the platform's answer (None: no answer);
        ``follow_up_after``: a follow-up sent that many days after the first attempt, which
        then carries the answer and the outcome."""
        self.day += 1
        sent = sent or at(self.day)
        violation = violation or documented(
            platform=platform, type_slug=type_slug, at=sent - dt.timedelta(days=3)
        )
        answered = None if days is None else sent.astimezone(TZ).date() + dt.timedelta(days)
        first = self._attempt(violation, sent, None)
        last = first
        if follow_up_after is not None:
            last = self._attempt(violation, sent + dt.timedelta(days=follow_up_after), first)
        last.answered_on = answered
        last.outcome = outcome
        last.closed_on = (answered or sent.date() + dt.timedelta(days=90)) if outcome else None
        last.save()
        return first

    def _attempt(self, violation, sent, first) -> Escalation:
        return Escalation.objects.create(
            violation=violation,
            platform=violation.platform,
            channel=Channel.TRUSTED_PARTNER_FORM,
            request=Request.RESTORE_CONTENT,
            follow_up_of=first,
            sent_at=sent,
            sent_by=self.user,
        )


# The response days of the 33 answered Instagram cases, in the order they are made below.
INSTAGRAM_DAYS = [3] * 5 + [7] * 10 + [14] * 8 + [30] * 7 + [60] * 3


@pytest.fixture
def cases() -> Fixture:
    f = Fixture()
    days = iter(INSTAGRAM_DAYS)
    # Instagram: 30 removal, suspension and restriction cases with a final outcome, 10 of
    # them recovered (7 restored, 3 partially restored) -> recovery rate exactly 1/3.
    for i in range(7):
        # One restored case had a follow-up before the answer: it still counts once.
        f.case(
            type_slug=REMOVALS[i % 4],
            outcome=Outcome.RESTORED,
            days=next(days),
            follow_up_after=10 if i == 0 else None,
        )
    for i in range(3):
        f.case(type_slug=REMOVALS[i % 4], outcome=Outcome.PARTIALLY_RESTORED, days=next(days))
    for i in range(14):
        f.case(type_slug=REMOVALS[i % 4], outcome=Outcome.REFUSED, days=next(days))
    for i in range(6):
        f.case(type_slug=REMOVALS[i % 4], outcome=Outcome.NO_ANSWER)
    # Not in the rate: three still open (one answered, the platform still looking) and two
    # withdrawn by us.
    f.case(days=next(days))
    f.case()
    f.case()
    f.case(outcome=Outcome.WITHDRAWN)
    f.case(outcome=Outcome.WITHDRAWN)
    # Hate speech and incitement: 8 with a final outcome, 5 removed -> removal rate 5/8.
    for i, outcome in enumerate([Outcome.CONTENT_REMOVED] * 5 + [Outcome.REFUSED] * 2):
        f.case(type_slug=("hate-speech", "incitement")[i % 2], outcome=outcome, days=next(days))
    f.case(type_slug="incitement", outcome=Outcome.NO_ANSWER)
    f.case(type_slug="hate-speech")
    # A hacked account secured: in the mix and the response times, in neither rate.
    f.case(type_slug="hacking", outcome=Outcome.ACCOUNT_SECURED, days=next(days))
    assert next(days, None) is None

    # Never counted: a merged duplicate, a violation back in review, a case sent in 2021
    # (23:30 on 31 December, local time), each restored.
    merged = documented(at=at(1))
    target = documented(at=at(1))
    Violation.objects.filter(pk=merged.pk).update(merged_into=target)
    f.case(violation=merged, outcome=Outcome.RESTORED, days=1)
    reopened = documented(at=at(1))
    f.case(violation=reopened, outcome=Outcome.RESTORED, days=1)
    Violation.objects.filter(pk=reopened.pk).update(status=Status.IN_REVIEW, documented_at=None)
    f.case(sent=dt.datetime(2021, 12, 31, 23, 30, tzinfo=TZ), outcome=Outcome.RESTORED, days=1)

    # Facebook: 4 removal cases, 1 restored -> 1/4. Response days 0, 5, 9 and 40; the 0 is
    # sent at 00:30 local time on the day of the answer (still the previous day in UTC).
    f.case(
        platform="facebook",
        outcome=Outcome.RESTORED,
        days=0,
        sent=dt.datetime(2022, 6, 2, 0, 30, tzinfo=TZ),
    )
    for days_ in (5, 9, 40):
        f.case(platform="facebook", outcome=Outcome.REFUSED, days=days_)
    # Sent on 1 January 2023 at 00:10 local time: next year's.
    f.case(
        platform="facebook",
        outcome=Outcome.RESTORED,
        days=1,
        sent=dt.datetime(2023, 1, 1, 0, 10, tzinfo=TZ),
    )
    return f


def bounds(period: Period) -> list[object]:
    """The period's ends as the database stores datetimes (UTC text on SQLite)."""
    return [connection.ops.adapt_datetimefield_value(v) for v in (period.start, period.end)]


def instagram() -> Platform:
    return Platform.objects.get(slug="instagram")


def test_recovery_rate_is_exactly_one_third_on_instagram(cases):
    rate = recovery_rate(period=Y2022, platform=instagram())
    assert (rate.numerator, rate.denominator) == (10, 30)
    assert rate.value == Fraction(1, 3)
    assert rate.percent == 33


def test_recovery_rate_over_every_platform_and_per_year(cases):
    total = recovery_rate(period=Y2022)
    assert total == Rate(11, 34)
    assert total.percent == 32  # 32.35...
    facebook = Platform.objects.get(slug="facebook")
    assert recovery_rate(period=Y2022, platform=facebook).value == Fraction(1, 4)
    assert recovery_rate(period=Period.year(2021)) == Rate(1, 1)
    assert recovery_rate(period=Period.year(2023)) == Rate(1, 1)


def test_removal_rate_for_hate_speech_and_incitement(cases):
    rate = removal_rate(period=Y2022)
    assert (rate.numerator, rate.denominator, rate.value) == (5, 8, Fraction(5, 8))
    assert rate.percent == 63  # 62.5, halves up


def test_response_times_median_and_p90_by_nearest_rank(cases):
    # 33 answered Instagram cases: median at rank ceil(33/2) = 17 -> 14 days; p90 at rank
    # ceil(0.9 x 33) = 30 -> 30 days (sorted: five 3s, ten 7s, eight 14s, seven 30s, three
    # 60s). The follow-up case counts from its first attempt (3 days, not 3 - 10).
    times = response_times(period=Y2022, platform=instagram())
    assert (times.answered, times.median_days, times.p90_days) == (33, 14, 30)
    facebook = response_times(period=Y2022, platform=Platform.objects.get(slug="facebook"))
    # [0, 5, 9, 40]: median rank 2 -> 5; p90 rank ceil(3.6) = 4 -> 40.
    assert (facebook.answered, facebook.median_days, facebook.p90_days) == (4, 5, 40)


def test_outcome_mix_counts_each_case_once_under_its_latest_outcome(cases):
    mix = outcome_mix(period=Y2022, platform=instagram())
    assert mix.counts == {
        "restored": 7,
        "partially_restored": 3,
        "account_secured": 1,
        "content_removed": 5,
        "refused": 16,
        "no_answer": 7,
        "withdrawn": 2,
        "open": 4,
    }
    assert mix.total == 45


def test_figures_by_platform_and_their_total(cases):
    rows, total = escalation_figures_by_platform(period=Y2022)
    assert [(r.platform.slug, r.escalated, r.answered) for r in rows] == [
        ("instagram", 45, 33),
        ("facebook", 4, 4),
    ]
    assert (total.platform, total.escalated, total.answered) == (None, 49, 37)
    assert total.recovery == Rate(11, 34)
    assert total.removal == Rate(5, 8)
    # 37 answered: INSTAGRAM_DAYS and [0, 5, 9, 40]; median rank 19, p90 rank 34.
    merged_days = sorted([*INSTAGRAM_DAYS, 0, 5, 9, 40])
    # Sorted: 0, five 3s, 5, ten 7s, 9, eight 14s, seven 30s, 40, three 60s -> rank 19 is a
    # 14, rank 34 the 40.
    assert (total.response.median_days, total.response.p90_days) == (14, 40)
    assert (merged_days[18], merged_days[33]) == (14, 40)
    assert rows[0] == escalation_figures(period=Y2022, platform=instagram())


def test_the_violations_argument_narrows_what_counts(cases):
    gaza = Region.objects.get(slug="gaza-strip")
    picked = list(
        Escalation.objects.filter(
            follow_up_of__isnull=True, outcome=Outcome.REFUSED, platform__slug="facebook"
        ).values_list("violation_id", flat=True)
    )[:2]
    Violation.objects.filter(pk__in=picked).update(region=gaza)
    narrowed = escalation_figures(Violation.objects.filter(region=gaza), period=Y2022)
    assert (narrowed.escalated, narrowed.recovery) == (2, Rate(0, 2))
    # Whatever is passed, merged and undocumented violations never count.
    assert recovery_rate(Violation.objects.all(), period=Y2022) == Rate(11, 34)


def test_the_rates_equal_sql_written_out_by_hand(cases):
    final = tuple(o.value for o in Outcome if o != Outcome.WITHDRAWN)
    sql = f"""
        WITH cases AS (
          SELECT e.id, v.violation_type_id,
            (SELECT x.outcome FROM escalations_escalation x
             WHERE x.id = e.id OR x.follow_up_of_id = e.id ORDER BY x.id DESC LIMIT 1) AS outcome
          FROM escalations_escalation e JOIN cases_violation v ON v.id = e.violation_id
          WHERE e.follow_up_of_id IS NULL AND v.merged_into_id IS NULL
            AND v.documented_at IS NOT NULL AND v.status IN ('documented', 'escalated', 'closed')
            AND e.sent_at >= %s AND e.sent_at < %s
        )
        SELECT
          SUM(CASE WHEN c.outcome IN ('restored', 'partially_restored') THEN 1 ELSE 0 END),
          COUNT(*)
        FROM cases c
        JOIN taxonomy_violationtype t ON t.id = c.violation_type_id
        JOIN taxonomy_violationtypegroup g ON g.id = t.group_id
        WHERE g.slug = 'censorship' AND c.outcome IN ({", ".join(["%s"] * len(final))})
    """  # noqa: S608 - placeholders only
    with connection.cursor() as cursor:
        cursor.execute(sql, [*bounds(Y2022), *final])
        numerator, denominator = cursor.fetchone()
    assert recovery_rate(period=Y2022) == Rate(numerator, denominator) == Rate(11, 34)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_disc is PostgreSQL's")
def test_median_and_p90_equal_postgresql_percentile_disc(cases):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY d),
                   percentile_disc(0.9) WITHIN GROUP (ORDER BY d)
            FROM (
              SELECT (SELECT MIN(x.answered_on) FROM escalations_escalation x
                      WHERE x.id = e.id OR x.follow_up_of_id = e.id)
                     - (e.sent_at AT TIME ZONE 'Asia/Jerusalem')::date AS d
              FROM escalations_escalation e
              JOIN taxonomy_platform p ON p.id = e.platform_id
              JOIN cases_violation v ON v.id = e.violation_id
              WHERE e.follow_up_of_id IS NULL AND p.slug = 'instagram'
                AND v.merged_into_id IS NULL AND v.documented_at IS NOT NULL
                AND e.sent_at >= %s AND e.sent_at < %s
            ) days WHERE d IS NOT NULL
            """,
            bounds(Y2022),
        )
        median, p90 = cursor.fetchone()
    assert (median, p90) == (14, 30)


# --- The building blocks --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([], Fraction(1, 2), None),
        ([9], Fraction(1, 2), 9),
        ([9], Fraction(9, 10), 9),
        ([4, 1, 3, 2], Fraction(1, 2), 2),  # even count: the lower middle value
        ([4, 1, 3, 2], Fraction(9, 10), 4),
        ([5] * 10, Fraction(9, 10), 5),  # ties are plain observations
        (list(range(1, 11)), Fraction(9, 10), 9),  # rank exactly 9
        (list(range(1, 12)), Fraction(9, 10), 10),  # rank ceil(9.9) = 10
    ],
)
def test_nearest_rank(values, fraction, expected):
    assert nearest_rank(values, fraction) == expected


@pytest.mark.parametrize(
    ("rate", "percent"),
    [(Rate(1, 3), 33), (Rate(2, 3), 67), (Rate(1, 8), 13), (Rate(0, 5), 0), (Rate(5, 5), 100)],
)
def test_rate_percent_rounds_halves_up(rate, percent):
    assert rate.percent == percent


def test_an_empty_rate_has_no_value():
    assert (Rate(0, 0).value, Rate(0, 0).percent) == (None, None)


def test_periods_are_calendar_days_in_the_observatory_zone():
    q4 = Period.quarter(2022, 4)
    assert (q4.start, q4.end) == (
        dt.datetime(2022, 10, 1, tzinfo=TZ),
        dt.datetime(2023, 1, 1, tzinfo=TZ),
    )
    assert Period.quarter(2022, 1).end == dt.datetime(2022, 4, 1, tzinfo=TZ)
    assert Y2022.end - Y2022.start == dt.timedelta(days=365)
    with pytest.raises(ValueError, match="5"):
        Period.quarter(2022, 5)


def test_statistics_take_few_queries(cases, django_assert_num_queries):
    # PostgreSQL: one statement, the platforms and their names. Elsewhere the follow-ups and
    # the cases are two queries.
    expected = 3 if connection.vendor == "postgresql" else 4
    with django_assert_num_queries(expected):
        rows, _total = escalation_figures_by_platform(period=Y2022)
        [str(r.platform) for r in rows]
    assert selectors.escalated_cases(period=Y2022)[0].response_days == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement figures")
def test_the_statement_and_the_cases_give_the_same_figures(cases):
    """On PostgreSQL the figures come from one statement; built case by case in Python
    (``_figures_in_python``, what SQLite runs) they must be the same, whatever the period,
    platform or violations. More cases than the fixture: follow-ups that carry the answer or
    only the outcome, a follow-up answered earlier than the first attempt, a follow-up still
    open after an outcome on the first attempt, an answer on the day it was sent."""
    cases.day = 200
    for i, outcome in enumerate([Outcome.REFUSED, Outcome.RESTORED, "", Outcome.NO_ANSWER]):
        first = cases.case(
            platform=("facebook", "x-twitter", "instagram")[i % 3],
            type_slug=("hate-speech", "content-removal", "hacking")[i % 3],
            outcome=outcome,
            days=(None, 0, 12, 4)[i],
            follow_up_after=(2, 5, None, 1)[i],
        )
        # The first attempt answered too, later than its follow-up for one of them.
        Escalation.objects.filter(pk=first.pk).update(
            answered_on=first.sent_at.date() + dt.timedelta(days=(9, 1, 3, 30)[i]),
            outcome=Outcome.REFUSED,
            closed_on=first.sent_at.date() + dt.timedelta(days=40),
        )
    gaza = Region.objects.get(slug="gaza-strip")
    picked = list(Violation.objects.order_by("pk").values_list("pk", flat=True))[:20:3]
    Violation.objects.filter(pk__in=picked).update(region=gaza)
    questions = [
        {"violations": None, "period": None, "platform": None},
        {"violations": None, "period": Y2022, "platform": None},
        {"violations": None, "period": Period.year(2023), "platform": None},
        {"violations": None, "period": Y2022, "platform": instagram()},
        {"violations": Violation.objects.filter(region=gaza), "period": None, "platform": None},
        {"violations": Violation.objects.none(), "period": None, "platform": None},
    ]
    for question in questions:
        rows = selectors._first_attempts(
            question["violations"], period=question["period"], platform=question["platform"]
        )
        in_sql = selectors._figures_in_sql(rows)
        in_python = selectors._figures_in_python(rows)
        assert in_sql == in_python, question
    by_platform, total = selectors._figures_in_sql(
        selectors._first_attempts(None, period=None, platform=None)
    )
    # All time: the 45 Instagram and 4 Facebook cases of 2022, the one of 2021 and the one of
    # 2023, and the four above (the merged and the reopened violations never count).
    assert total.escalated == 45 + 4 + 1 + 1 + 4
    # X: one of the four; Facebook: 4 + 1 + two of the four; Instagram: 45 + 1 + one.
    assert sorted(f.escalated for f in by_platform.values()) == [1, 7, 47]
