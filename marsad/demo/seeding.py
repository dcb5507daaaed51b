"""Deterministic, realistic demo data for every app.

The same arguments give the same data on the same day: all randomness comes from one seeded
``random.Random``; only the current year is cut at today's date so nothing lies in the future.
Rows are written with ``bulk_create`` so a year of a thousand violations takes about a second.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from marsad.cases.choices import EventKind, RejectionReason, Status
from marsad.cases.models import TimelineEvent, Violation, ViolationTag
from marsad.demo import texts
from marsad.demo.activities import ActivitySummary, seed_activities
from marsad.demo.escalations import consent_for_escalated, seed_escalations
from marsad.demo.seed_evidence import seed_evidence
from marsad.demo.seed_observatory import seed_observatory
from marsad.intake.choices import Channel, TriageState
from marsad.intake.models import Report, ReportKey
from marsad.taxonomy.models import (
    CrisisPeriod,
    PerpetratorType,
    Platform,
    Region,
    Tag,
    Term,
    VictimType,
    ViolationType,
)

FIRST_DEMO_YEAR = 2021

# Relative weights, so the demo looks like an observatory's real spread.
PLATFORM_WEIGHTS = {
    "facebook": 30,
    "instagram": 25,
    "x-twitter": 10,
    "tiktok": 10,
    "youtube": 6,
    "whatsapp": 6,
    "telegram": 4,
    "messenger": 2,
    "threads": 2,
    "snapchat": 1,
    "linkedin": 1,
    "google": 1,
    "apple": 0.5,
    "paypal": 0.5,
    "airbnb": 0.3,
    "booking": 0.3,
    "other": 1,
}
TYPE_WEIGHTS = {
    "content-removal": 28,
    "account-suspension": 14,
    "restriction-reduced-reach": 10,
    "feature-ban": 3,
    "hacking": 5,
    "blackmail": 2,
    "impersonation": 2,
    "doxxing": 2,
    "hate-speech": 14,
    "incitement": 10,
    "smear-campaign": 3,
    "gender-based-harassment": 3,
    "misleading-content": 1.5,
    "arrest-over-expression": 1.5,
    "surveillance": 0.6,
    "internet-shutdown": 0.4,
}
# Who is usually responsible for each group of types.
PERPETRATOR_BY_GROUP = {
    "censorship": {"social-media-company": 95, "israeli-authorities": 4, "unknown": 1},
    "attacks": {"individuals-groups": 50, "unknown": 45, "israeli-authorities": 5},
    "harmful-speech": {"individuals-groups": 85, "unknown": 10, "israeli-authorities": 5},
    "state-action": {
        "israeli-authorities": 70,
        "palestinian-authority": 15,
        "gaza-de-facto-authority": 10,
        "unknown": 5,
    },
}
VICTIM_WEIGHTS = {
    "individual": 55,
    "journalist": 14,
    "human-rights-defender": 8,
    "ngo": 6,
    "media-outlet": 8,
    "private-company": 2,
    "public-figure": 5,
    "other": 2,
}
REGION_WEIGHTS = {
    "west-bank": 30,
    "east-jerusalem": 14,
    "gaza-strip": 24,
    "palestinians-in-israel": 18,
    "diaspora": 10,
    "unknown": 4,
}
LANGUAGE_WEIGHTS = {"ar": 70, "en": 15, "he": 15}
CHANNEL_WEIGHTS = {
    Channel.WEB_FORM: 75,
    Channel.PARTNER_API: 8,
    Channel.EMAIL: 6,
    Channel.PHONE: 5,
    Channel.MONITORING: 6,
}
PLATFORM_DOMAINS = {
    "facebook": "www.facebook.com",
    "instagram": "www.instagram.com",
    "x-twitter": "x.com",
    "tiktok": "www.tiktok.com",
    "youtube": "www.youtube.com",
    "telegram": "t.me",
    "threads": "www.threads.net",
    "linkedin": "www.linkedin.com",
}
# Of the documented violations, how far along the workflow they got.
VERIFIED_SPREAD = {Status.DOCUMENTED: 35, Status.ESCALATED: 25, Status.CLOSED: 40}
# Extra, uncounted violations per documented one, by status.
UNCOUNTED_SHARE = {Status.REJECTED: 0.08, "merged": 0.03}
OPEN_SHARE = {Status.NEW: 0.02, Status.IN_REVIEW: 0.04, Status.NEEDS_INFO: 0.02}


@dataclass
class SeedSummary:
    documented_by_year: dict[int, int] = field(default_factory=dict)
    violations: int = 0
    reports: int = 0
    events: int = 0
    evidence: int = 0
    escalations: int = 0
    activities: ActivitySummary = field(default_factory=ActivitySummary)


@dataclass
class _Vocab:
    platforms: dict[str, Platform]
    types: dict[str, ViolationType]
    perpetrators: dict[str, PerpetratorType]
    victims: dict[str, VictimType]
    regions: dict[str, Region]
    periods: list[CrisisPeriod]
    tags: list[Tag]


def _by_slug[T: Term](model: type[T]) -> dict[str, T]:
    return {term.slug: term for term in model.objects.prefetch_related("translations")}


def _pick[K: str](rng: random.Random, weights: Mapping[K, float]) -> K:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys], k=1)[0]


def _month_weights(year: int, periods: Sequence[CrisisPeriod]) -> dict[int, float]:
    """Crisis months weigh several times an ordinary month, as in May 2021 or October 2023."""
    weights: dict[int, float] = {}
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        end = dt.date(year, month, calendar.monthrange(year, month)[1])
        weight = 1.0
        for period in periods:
            period_end = period.ends_on or dt.date.max
            if period.starts_on <= end and period_end >= start:
                # The first months of a crisis carry the peak; it then settles.
                months_in = (year - period.starts_on.year) * 12 + month - period.starts_on.month
                weight = max(weight, 6.0 if months_in <= 1 else 2.5 if months_in <= 4 else 1.6)
        weights[month] = weight
    return weights


def _split_exactly(total: int, weights: dict[int, float]) -> dict[int, int]:
    """Split ``total`` over the keys in proportion to the weights (largest remainder)."""
    weight_sum = sum(weights.values())
    raw = {k: total * w / weight_sum for k, w in weights.items()}
    counts = {k: int(v) for k, v in raw.items()}
    short = total - sum(counts.values())
    for k in sorted(raw, key=lambda k: raw[k] - counts[k], reverse=True)[:short]:
        counts[k] += 1
    return counts


def _default_year_sizes(today: dt.date) -> dict[int, int]:
    """The default demo: every year since 2021, bigger in crisis years."""
    sizes = {2021: 420, 2022: 350, 2023: 620, 2024: 480, 2025: 360}
    return {year: sizes.get(year, 300) for year in range(FIRST_DEMO_YEAR, today.year + 1)}


class _Builder:
    """Builds unsaved rows; ``seed_demo`` saves them in bulk."""

    def __init__(self, rng: random.Random, vocab: _Vocab, today: dt.date) -> None:
        self.rng = rng
        self.vocab = vocab
        self.today = today
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()
        self.violations: list[Violation] = []
        self.reports: list[list[Report]] = []
        self.paths: list[list[tuple[str, dt.datetime, dict[str, str]]]] = []
        self.tags: list[list[Tag]] = []
        self.merge_targets: list[int | None] = []

    def moment_in(self, year: int, month: int) -> dt.datetime | None:
        """A random working-hours moment in the month, never after now."""
        if (year, month) > (self.today.year, self.today.month):
            return None
        last_day = calendar.monthrange(year, month)[1]
        if (year, month) == (self.today.year, self.today.month):
            last_day = self.today.day
        moment = dt.datetime(
            year,
            month,
            self.rng.randint(1, last_day),
            self.rng.randint(8, 19),
            self.rng.randint(0, 59),
            self.rng.randint(0, 59),
            tzinfo=self.tz,
        )
        return min(moment, self.now)

    def period_for(self, day: dt.date) -> CrisisPeriod | None:
        for period in self.vocab.periods:
            if period.starts_on <= day <= (period.ends_on or dt.date.max):
                return period
        return None

    def add(
        self,
        *,
        status: str,
        anchor: dt.datetime,
        documented: bool,
        rejection_reason: str = "",
        merge_into: int | None = None,
    ) -> None:
        """One violation around ``anchor`` (its documented date when ``documented``)."""
        rng = self.rng
        type_slug = _pick(rng, TYPE_WEIGHTS)
        vtype = self.vocab.types[type_slug]
        group = vtype.group.slug
        platform_slug = _pick(rng, PLATFORM_WEIGHTS)
        if group == "state-action":
            platform_slug = rng.choice(["facebook", "whatsapp", "telegram", "x-twitter", "other"])
        platform = self.vocab.platforms[platform_slug]
        reported_at = anchor - dt.timedelta(days=rng.randint(1, 25), hours=rng.randint(0, 12))
        if not documented:
            reported_at = anchor
        occurred = (reported_at - dt.timedelta(days=rng.choice([0, 0, 1, 2, 5, 12]))).date()
        lang = _pick(rng, LANGUAGE_WEIGHTS)
        title = texts.TITLES[type_slug][lang].format(platform=_name(platform, lang))
        documented_at = anchor if documented else None
        violation = Violation(
            title=title,
            status=status,
            rejection_reason=rejection_reason,
            violation_type=vtype,
            platform=platform,
            perpetrator_type=self.vocab.perpetrators[_pick(rng, PERPETRATOR_BY_GROUP[group])],
            victim_type=self.vocab.victims[_pick(rng, VICTIM_WEIGHTS)],
            region=self.vocab.regions[_pick(rng, REGION_WEIGHTS)],
            crisis_period=self.period_for(occurred),
            occurred_on=occurred,
            occurred_on_approximate=rng.random() < 0.15,
            reported_at=reported_at,
            documented_at=documented_at,
            status_changed_at=documented_at or reported_at,
        )
        self.violations.append(violation)
        self.merge_targets.append(merge_into)
        self.tags.append(rng.sample(self.vocab.tags, k=rng.choice([0, 0, 1, 1, 2])))
        self.reports.append(self._reports(violation, type_slug, platform_slug, lang, occurred))
        self.paths.append(self._path(status, reported_at, documented_at, rejection_reason))

    def _reports(
        self, violation: Violation, type_slug: str, platform_slug: str, lang: str, occurred: dt.date
    ) -> list[Report]:
        rng = self.rng
        count = rng.choices([1, 2, 3], weights=[75, 18, 7], k=1)[0]
        reports = []
        assert violation.reported_at is not None
        for index in range(count):
            language = lang if index == 0 else _pick(rng, LANGUAGE_WEIGHTS)
            submitted_at = violation.reported_at + dt.timedelta(hours=rng.randint(0, 72) * index)
            submitted_at = min(submitted_at, self.now)
            reports.append(
                self.report(
                    type_slug=type_slug,
                    platform_slug=platform_slug,
                    language=language,
                    submitted_at=submitted_at,
                    occurred=occurred,
                    violation=violation,
                )
            )
        return reports

    def report(
        self,
        *,
        type_slug: str,
        platform_slug: str,
        language: str,
        submitted_at: dt.datetime,
        occurred: dt.date,
        violation: Violation | None = None,
        triage_state: str = TriageState.ATTACHED,
    ) -> Report:
        rng = self.rng
        description = rng.choice(texts.NARRATIVES[type_slug][language])
        handle = rng.choice(texts.DEMO_HANDLES)
        domain = PLATFORM_DOMAINS.get(platform_slug)
        links = (
            [f"https://{domain}/{handle.lstrip('@')}/{rng.randint(10**6, 10**7)}"]
            if (domain and rng.random() < 0.8)
            else []
        )
        channel = _pick(rng, CHANNEL_WEIGHTS)
        consent_contact = rng.random() < 0.7
        original = {
            "violation_type": type_slug,
            "platform": platform_slug,
            "description": description,
            "links": links,
            "account_handle": handle,
            "occurred_on": occurred.isoformat(),
            "language": language,
        }
        return Report(
            submitted_at=submitted_at,
            channel=channel,
            language=language,
            triage_state=triage_state,
            violation=violation,
            original=original,
            description=description,
            violation_type=self.vocab.types[type_slug],
            platform=self.vocab.platforms[platform_slug],
            links=links,
            account_handle=handle,
            occurred_on=occurred,
            occurred_on_approximate=rng.random() < 0.2,
            consent_contact=consent_contact,
            consent_share_with_platform=rng.random() < 0.85,
            consent_publish=rng.random() < 0.6,
        )

    def _path(
        self,
        status: str,
        reported_at: dt.datetime,
        documented_at: dt.datetime | None,
        rejection_reason: str,
    ) -> list[tuple[str, dt.datetime, dict[str, str]]]:
        """The status changes a violation went through, as (status, when, extra)."""
        rng = self.rng
        review_at = reported_at + dt.timedelta(hours=rng.randint(2, 48))
        if documented_at is not None:
            review_at = min(review_at, documented_at)
        steps: list[tuple[str, dt.datetime, dict[str, str]]] = []
        if status == Status.NEW:
            return steps
        steps.append((Status.IN_REVIEW, review_at, {}))
        if status == Status.IN_REVIEW:
            return steps
        if status == Status.NEEDS_INFO:
            steps.append((Status.NEEDS_INFO, review_at + dt.timedelta(hours=3), {}))
            return steps
        if status == Status.REJECTED:
            steps.append(
                (
                    Status.REJECTED,
                    review_at + dt.timedelta(hours=5),
                    {"rejection_reason": rejection_reason},
                )
            )
            return steps
        assert documented_at is not None
        steps.append((Status.DOCUMENTED, documented_at, {}))
        if status in (Status.ESCALATED, Status.CLOSED):
            escalated_at = min(documented_at + dt.timedelta(days=rng.randint(0, 3)), self.now)
            steps.append((Status.ESCALATED, escalated_at, {}))
            if status == Status.CLOSED:
                closed_at = min(escalated_at + dt.timedelta(days=rng.randint(3, 60)), self.now)
                steps.append((Status.CLOSED, closed_at, {}))
        return steps


def _name(term: Term, language: str) -> str:
    return str(term.safe_translation_getter("name", language_code=language, any_language=True))


def _vocabulary() -> _Vocab:
    return _Vocab(
        platforms=_by_slug(Platform),
        types={t.slug: t for t in ViolationType.objects.select_related("group")},
        perpetrators=_by_slug(PerpetratorType),
        victims=_by_slug(VictimType),
        regions=_by_slug(Region),
        periods=list(CrisisPeriod.objects.order_by("starts_on")),
        tags=_demo_tags(),
    )


def _demo_tags() -> list[Tag]:
    tags = []
    for order, (slug, names) in enumerate(texts.DEMO_TAGS):
        tag, created = Tag.objects.get_or_create(slug=slug, defaults={"sort_order": order})
        if created:
            for language, name in names.items():
                tag.set_current_language(language)
                tag.name = name
            tag.save_translations()
        tags.append(tag)
    return tags


def _plan_year(
    builder: _Builder, year: int, documented: int, month_weights: dict[int, float], *, latest: bool
) -> int:
    """Add ``documented`` counted violations to the year, plus uncounted ones around them."""
    rng = builder.rng
    today = builder.today
    months = {m: w for m, w in month_weights.items() if (year, m) <= (today.year, today.month)}
    per_month = _split_exactly(documented, months)
    made = 0
    for month, count in per_month.items():
        for _ in range(count):
            moment = builder.moment_in(year, month)
            assert moment is not None
            status = _pick(rng, VERIFIED_SPREAD)
            builder.add(status=status, anchor=moment, documented=True)
            made += 1
        # Rejected reports and merged duplicates: they never count.
        for _ in range(round(count * UNCOUNTED_SHARE[Status.REJECTED])):
            moment = builder.moment_in(year, month)
            assert moment is not None
            reason = rng.choice(
                [r.value for r in RejectionReason if r != RejectionReason.DUPLICATE]
            )
            builder.add(
                status=Status.REJECTED, anchor=moment, documented=False, rejection_reason=reason
            )
        for _ in range(round(count * UNCOUNTED_SHARE["merged"])):
            moment = builder.moment_in(year, month)
            assert moment is not None
            target = rng.randrange(len(builder.violations))
            builder.add(
                status=Status.REJECTED,
                anchor=moment,
                documented=False,
                rejection_reason=RejectionReason.DUPLICATE,
                merge_into=target,
            )
    if latest:
        # Work in progress only in the latest year: staff have not got to these yet.
        for status, share in OPEN_SHARE.items():
            for _ in range(max(2, round(documented * share))):
                moment = builder.moment_in(today.year, today.month)
                assert moment is not None
                moment -= dt.timedelta(days=rng.randint(0, 20))
                builder.add(status=status, anchor=moment, documented=False)
    return made


def _inbox(builder: _Builder, count: int) -> list[Report]:
    """Fresh reports nobody has triaged yet, and a little spam."""
    rng = builder.rng
    reports = []
    for index in range(count):
        submitted = builder.now - dt.timedelta(hours=rng.randint(1, 24 * 14))
        type_slug = _pick(rng, TYPE_WEIGHTS)
        state = TriageState.SPAM if index % 10 == 9 else TriageState.NEW
        reports.append(
            builder.report(
                type_slug=type_slug,
                platform_slug=_pick(rng, PLATFORM_WEIGHTS),
                language=_pick(rng, LANGUAGE_WEIGHTS),
                submitted_at=submitted,
                occurred=(submitted - dt.timedelta(days=rng.randint(0, 5))).date(),
                triage_state=state,
            )
        )
    return reports


@transaction.atomic
def seed_demo(
    *,
    year: int | None = None,
    violations: int | None = None,
    seed: int = 7,
    today: dt.date | None = None,
) -> SeedSummary:
    """Fill the database with demo data.

    With ``year`` and ``violations``, exactly that many violations are documented in that
    year (by documented date, as docs/statistics.md counts them); otherwise every year since
    2021 gets a realistic number. The organisation's record and mailing list of the same
    years come with it (marsad/demo/activities.py).
    """
    today = today or timezone.localdate()
    if year is not None:
        if year > today.year:
            raise ValueError(f"{year} is in the future")
        sizes = {year: violations if violations is not None else 300}
    else:
        sizes = _default_year_sizes(today)
    # Demo data must be reproducible, not secret.
    rng = random.Random(f"marsad-demo:{seed}:{sorted(sizes.items())}")  # noqa: S311  # nosec B311
    vocab = _vocabulary()
    builder = _Builder(rng, vocab, today)
    summary = SeedSummary()
    latest = max(sizes)
    for each_year, size in sorted(sizes.items()):
        summary.documented_by_year[each_year] = _plan_year(
            builder,
            each_year,
            size,
            _month_weights(each_year, vocab.periods),
            latest=each_year == latest and latest == today.year,
        )

    Violation.objects.bulk_create(builder.violations, batch_size=500)
    merged = []
    for violation, target in zip(builder.violations, builder.merge_targets, strict=True):
        if target is not None and builder.violations[target].pk != violation.pk:
            violation.merged_into = builder.violations[target]
            merged.append(violation)
    Violation.objects.bulk_update(merged, ["merged_into"], batch_size=500)

    consent_for_escalated(builder.reports, builder.paths)
    reports = [r for group in builder.reports for r in group]
    for violation, group in zip(builder.violations, builder.reports, strict=True):
        for report in group:
            report.violation = violation
    reports.extend(_inbox(builder, 40))
    Report.objects.bulk_create(reports, batch_size=500)
    ReportKey.objects.bulk_create(
        [
            ReportKey(report=r, kind=ReportKey.Kind.LINK, value=link)
            for r in reports
            for link in r.links
        ]
        + [
            ReportKey(report=r, kind=ReportKey.Kind.HANDLE, value=r.account_handle)
            for r in reports
            if r.account_handle
        ],
        batch_size=1000,
    )

    ViolationTag.objects.bulk_create(
        [
            ViolationTag(violation=v, tag=t)
            for v, tags in zip(builder.violations, builder.tags, strict=True)
            for t in tags
        ],
        batch_size=1000,
    )
    events = []
    for violation, path in zip(builder.violations, builder.paths, strict=True):
        assert violation.reported_at is not None
        events.append(
            TimelineEvent(
                violation=violation,
                kind=EventKind.CREATED,
                at=violation.reported_at,
                after={"status": Status.NEW},
                note="Demo data",
            )
        )
        before = Status.NEW.value
        for status, at, extra in path:
            events.append(
                TimelineEvent(
                    violation=violation,
                    kind=EventKind.STATUS_CHANGED,
                    at=at,
                    before={"status": before},
                    after={"status": status, **extra},
                )
            )
            before = status
    escalations, escalation_events = seed_escalations(
        violations=builder.violations,
        paths=builder.paths,
        seed=f"{seed}:{sorted(sizes.items())}",
        now=builder.now,
    )
    events += escalation_events
    TimelineEvent.objects.bulk_create(events, batch_size=1000)

    summary.evidence = seed_evidence()
    seed_observatory()
    summary.escalations = len(escalations)
    summary.violations = len(builder.violations)
    summary.reports = len(reports)
    summary.events = len(events)
    summary.activities = seed_activities(years=sorted(sizes), today=today, seed=seed)
    return summary
