"""Demo data for the organisation's record and its mailing list.

2022 is the year of 7amleh's annual report: 13 publications (five studies, two position
papers, a legal analysis, a guide, two surveys, two quarterly reports), trainings for more
than 3,000 people from 54 organisations with a gender split, the sixth Palestine Digital
Activism Forum, campaigns towards Meta and PayPal, a UN Human Rights Council session, two EU
sessions, consultative status with ECOSOC and membership of the GNI. Other years get a
lighter year of the same shape. Deterministic (one seeded ``random.Random``), nothing in the
future, rows written with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from marsad.activities.choices import Channel
from marsad.activities.models import (
    AdvocacyTarget,
    Campaign,
    CommunicationsFigure,
    Event,
    MediaMention,
    Milestone,
    NeedsAssessment,
    Organisation,
    Publication,
    Topic,
    Training,
)
from marsad.core.text import match_key
from marsad.demo import activity_texts as texts
from marsad.newsletter import tokens
from marsad.newsletter.addresses import address_hash
from marsad.newsletter.choices import DeliveryStatus, MailingStatus, SubscriberStatus
from marsad.newsletter.models import Delivery, Mailing, Subscriber, SubscriberEvent

LANGUAGES = ("ar", "en", "he")
REPORT_YEAR = 2022
PARTICIPANTS_2022 = 3_124
ORGANISATIONS_2022 = 54
QUARTERS = {
    1: {"ar": "الربع الأول", "en": "first quarter", "he": "הרבעון הראשון"},
    2: {"ar": "الربع الثاني", "en": "second quarter", "he": "הרבעון השני"},
    3: {"ar": "الربع الثالث", "en": "third quarter", "he": "הרבעון השלישי"},
    4: {"ar": "الربع الرابع", "en": "fourth quarter", "he": "הרבעון הרביעי"},
}


@dataclass
class ActivitySummary:
    publications: int = 0
    trainings: int = 0
    participants: int = 0
    subscribers: int = 0
    by_year: dict[int, str] = field(default_factory=dict)


def _moment(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _translate(objects: list[Any], values: list[dict[str, Any]]) -> None:
    """Translation rows for freshly bulk-created translatable objects."""
    if not objects:
        return
    model = type(objects[0])._parler_meta.root_model
    model.objects.bulk_create(
        [
            model(master_id=obj.pk, language_code=code, **{k: v[code] for k, v in fields.items()})
            for obj, fields in zip(objects, values, strict=True)
            for code in LANGUAGES
        ],
        batch_size=500,
    )


class _Year:
    def __init__(self, rng: random.Random, year: int, today: dt.date) -> None:
        self.rng, self.year, self.today = rng, year, today
        self.topics = {t.slug: t for t in Topic.objects.all()}
        self.targets = {t.slug: t for t in AdvocacyTarget.objects.all()}

    def day(self, month: int, day: int) -> dt.date | None:
        """The day, or None when it is still to come."""
        candidate = dt.date(self.year, month, day)
        return candidate if candidate <= self.today else None

    def random_day(self) -> dt.date | None:
        return self.day(self.rng.randint(1, 12), self.rng.randint(1, 28))

    # --- publications ---------------------------------------------------------------------

    def publications(self) -> int:
        plan = list(texts.PUBLICATIONS) if self.year == REPORT_YEAR else self._quarterlies()
        made, values, topics = [], [], []
        for entry in plan:
            day = self.day(entry["month"], entry["day"])
            if day is None:
                continue
            made.append(
                Publication(kind=entry["kind"], published_on=day, published_at=_moment(day))
            )
            slug = match_key(entry["title"]["en"]).replace(" ", "-")[:60]
            values.append(
                {
                    "title": entry["title"],
                    "summary": entry["summary"],
                    "link": {
                        code: f"https://example.org/{code}/publications/{self.year}/{slug}"
                        for code in LANGUAGES
                    },
                }
            )
            topics.append(entry["topics"])
        Publication.objects.bulk_create(made)
        _translate(made, values)
        through = Publication.topics.through
        through.objects.bulk_create(
            [
                through(publication_id=p.pk, topic_id=self.topics[slug].pk)
                for p, slugs in zip(made, topics, strict=True)
                for slug in slugs
            ]
        )
        return len(made)

    def _quarterlies(self) -> list[texts.PublicationText]:
        base = texts.PUBLICATIONS[1]
        return [
            {
                "kind": "quarterly_report",
                "month": 3 * quarter + 1 if quarter < 4 else 12,
                "day": 12 if quarter < 4 else 28,
                "topics": ["documentation"],
                "title": {
                    "ar": (
                        f"انتهاكات الحقوق الرقمية الفلسطينية: تقرير "
                        f"{QUARTERS[quarter]['ar']} {self.year}"
                    ),
                    "en": (
                        f"Violations of Palestinian digital rights: "
                        f"{QUARTERS[quarter]['en']} {self.year}"
                    ),
                    "he": (
                        f"הפרות של זכויות דיגיטליות של פלסטינים: "
                        f"{QUARTERS[quarter]['he']} {self.year}"
                    ),
                },
                "summary": base["summary"],
            }
            for quarter in (1, 2, 3, 4)
        ]

    # --- trainings ------------------------------------------------------------------------

    def organisations(self, count: int) -> list[Organisation]:
        names = [
            f"{kind} {who} {place}"
            for place in texts.ORGANISATION_PLACES
            for who in texts.ORGANISATION_WHO
            for kind in texts.ORGANISATION_KINDS
        ]
        self.rng.shuffle(names)
        chosen = names[:count]
        existing = {
            o.name_key: o
            for o in Organisation.objects.filter(name_key__in=[match_key(n) for n in chosen])
        }
        new = [
            Organisation(name=n, name_key=match_key(n), kind="civil_society")
            for n in chosen
            if match_key(n) not in existing
        ]
        Organisation.objects.bulk_create(new)
        return [*existing.values(), *new]

    def trainings(self, total: int, organisation_count: int) -> int:
        rng = self.rng
        organisations = self.organisations(organisation_count)
        trainings, sizes = [], []
        # The digital security trainings of 2022: 76 trainees in three trainings.
        security = [30, 26, 20] if self.year == REPORT_YEAR else []
        left = total - sum(security)
        while left > 0:
            size = min(left, rng.randint(30, 130))
            left -= size
            sizes.append(size)
        topics = [t for t in texts.TRAINING_TITLES if t != "digital-security"]
        for index, size in enumerate(security + sizes):
            topic = "digital-security" if index < len(security) else rng.choice(topics)
            day = self.random_day()
            if day is None:
                continue
            women = round(size * rng.uniform(0.5, 0.66))
            unstated = rng.choice([0, 0, 0, 1, 2]) if size - women > 2 else 0
            trainings.append(
                Training(
                    title=rng.choice(texts.TRAINING_TITLES[topic]),
                    starts_on=day,
                    topic=self.topics[topic],
                    format=rng.choice(["in_person", "in_person", "online", "hybrid"]),
                    place=rng.choice(["رام الله", "حيفا", "online", "غزة", "القدس", "الناصرة"]),
                    women=women,
                    men=size - women - unstated,
                    gender_unstated=unstated,
                    trainers_trained=rng.choice([0, 0, 0, 4, 6]) if size > 10 else 0,
                )
            )
        Training.objects.bulk_create(trainings)
        through = Training.organisations.through
        links = set()
        for index, organisation in enumerate(organisations):  # every organisation once
            links.add((trainings[index % len(trainings)].pk, organisation.pk))
        for training in trainings:
            for organisation in rng.sample(organisations, k=min(2, len(organisations))):
                links.add((training.pk, organisation.pk))
        through.objects.bulk_create(
            [through(training_id=t, organisation_id=o) for t, o in sorted(links)]
        )
        assessed = rng.sample(organisations, k=min(12, len(organisations)))
        NeedsAssessment.objects.bulk_create(
            [
                NeedsAssessment(
                    organisation=o, assessed_on=day, topic=self.topics["digital-security"]
                )
                for o in assessed
                if (day := self.random_day()) is not None
            ]
        )
        return sum(t.participants for t in trainings)

    # --- events, campaigns, milestones, media, communications -----------------------------

    def events(self) -> None:
        edition = self.year - 2016
        plan: list[tuple[Any, ...]] = [
            (
                "forum",
                "organised",
                (3, 22),
                edition,
                320 + 5 * edition,
                900 + 50 * edition,
                20_000 + 1_000 * edition,
                45,
                {
                    "ar": f"منتدى فلسطين للنشاط الرقمي {self.year}",
                    "en": f"Palestine Digital Activism Forum {self.year}",
                    "he": f"פורום האקטיביזם הדיגיטלי הפלסטיני {self.year}",
                },
            ),
        ]
        if self.year == REPORT_YEAR:
            plan += [
                (
                    "conference",
                    "organised",
                    (11, 9),
                    None,
                    0,
                    156,
                    2_400,
                    8,
                    {
                        "ar": "الأمان الرقمي للفلسطينيين: مواجهة التحديات والعقبات",
                        "en": "Digital Security for Palestinians: Facing Challenges and Obstacles",
                        "he": "אבטחה דיגיטלית לפלסטינים: התמודדות עם אתגרים ומכשולים",
                    },
                ),
                (
                    "conference",
                    "participated",
                    (6, 6),
                    None,
                    0,
                    0,
                    0,
                    0,
                    {"ar": "رايتس كون 2022", "en": "RightsCon 2022", "he": "RightsCon 2022"},
                ),
                (
                    "conference",
                    "participated",
                    (3, 7),
                    None,
                    0,
                    0,
                    0,
                    0,
                    {"ar": "مهرجان موزيلا", "en": "Mozilla Festival", "he": "פסטיבל מוזילה"},
                ),
                (
                    "panel",
                    "participated",
                    (10, 26),
                    None,
                    0,
                    0,
                    0,
                    0,
                    {
                        "ar": "مقاومة القمع الرقمي في فلسطين والعالم",
                        "en": "Resisting digital repression in Palestine and the world",
                        "he": "התנגדות לדיכוי דיגיטלי בפלסטין ובעולם",
                    },
                ),
            ]
        made, values = [], []
        for kind, role, (month, day_of), number, person, online, viewers, speakers, title in plan:
            day = self.day(month, day_of)
            if day is None:
                continue
            made.append(
                Event(
                    kind=kind,
                    role=role,
                    starts_on=day,
                    ends_on=day + dt.timedelta(days=1) if kind == "forum" else None,
                    edition=number,
                    attendees_in_person=person,
                    attendees_online=online,
                    viewers=viewers,
                    speakers=speakers,
                    place="رام الله / online" if kind == "forum" else "",
                )
            )
            values.append({"title": title, "description": dict.fromkeys(LANGUAGES, "")})
        Event.objects.bulk_create(made)
        _translate(made, values)

    def campaigns(self) -> None:
        plan = [
            (
                "campaign",
                (5, 10),
                ["meta"],
                {
                    "ar": "ميتا: أوقفوا إسكات الأصوات الفلسطينية",
                    "en": "Meta: stop silencing Palestinian voices",
                    "he": "מטא: הפסיקו להשתיק קולות פלסטיניים",
                },
            ),
            (
                "campaign",
                (8, 15),
                ["paypal"],
                {
                    "ar": "باي بال: أنهوا التمييز ضد الفلسطينيين",
                    "en": "PayPal: end the discrimination against Palestinians",
                    "he": "פייפאל: הפסיקו את האפליה נגד פלסטינים",
                },
            ),
            (
                "un_submission",
                (9, 12),
                ["un-human-rights-council"],
                {
                    "ar": f"الدورة {self.year - 1971} لمجلس حقوق الإنسان",
                    "en": f"Session {self.year - 1971} of the UN Human Rights Council",
                    "he": f"מושב {self.year - 1971} של מועצת זכויות האדם של האו״ם",
                },
            ),
        ]
        if self.year == REPORT_YEAR:
            plan += [
                (
                    "eu_session",
                    (4, 20),
                    ["european-parliament"],
                    {
                        "ar": "جلسة الاتحاد الأوروبي حول حصار غزة",
                        "en": "EU session on the blockade of Gaza",
                        "he": "מושב האיחוד האירופי על המצור על עזה",
                    },
                ),
                (
                    "eu_session",
                    (11, 22),
                    ["european-parliament", "european-commission"],
                    {
                        "ar": "جلسة الاتحاد الأوروبي حول المراقبة الإسرائيلية",
                        "en": "EU session on Israeli surveillance",
                        "he": "מושב האיחוד האירופי על המעקב הישראלי",
                    },
                ),
                (
                    "coalition_work",
                    (6, 1),
                    [],
                    {
                        "ar": "توسيع تحالف الحقوق الرقمية في الولايات المتحدة وأوروبا",
                        "en": (
                            "The Digital Rights Coalition extended to the United States and Europe"
                        ),
                        "he": "הרחבת קואליציית הזכויות הדיגיטליות לארצות הברית ולאירופה",
                    },
                ),
                (
                    "joint_letter",
                    (12, 5),
                    ["un-special-procedures"],
                    {
                        "ar": "رسالة مشتركة إلى المقررين الخاصين بشأن المراقبة",
                        "en": "Joint letter to the UN Special Rapporteurs on surveillance",
                        "he": "מכתב משותף לכתבים המיוחדים של האו״ם בנושא מעקב",
                    },
                ),
            ]
        made, values, targets = [], [], []
        for kind, (month, day_of), slugs, title in plan:
            day = self.day(month, day_of)
            if day is None:
                continue
            made.append(
                Campaign(
                    kind=kind,
                    starts_on=day,
                    outcome="" if kind != "campaign" else "Open letter published.",
                )
            )
            values.append({"title": title, "description": dict.fromkeys(LANGUAGES, "")})
            targets.append(slugs)
        Campaign.objects.bulk_create(made)
        _translate(made, values)
        through = Campaign.targets.through
        through.objects.bulk_create(
            [
                through(campaign_id=c.pk, advocacytarget_id=self.targets[slug].pk)
                for c, slugs in zip(made, targets, strict=True)
                for slug in slugs
            ]
        )

    def milestones(self) -> None:
        if self.year != REPORT_YEAR:
            return
        plan = [
            (
                "status",
                (7, 26),
                {
                    "ar": "الصفة الاستشارية لدى المجلس الاقتصادي والاجتماعي للأمم المتحدة",
                    "en": "Consultative status with the UN Economic and Social Council (ECOSOC)",
                    "he": "מעמד מייעץ במועצה הכלכלית והחברתית של האו״ם",
                },
            ),
            (
                "membership",
                (5, 24),
                {
                    "ar": "العضوية في مبادرة الشبكة العالمية (GNI)",
                    "en": "Membership of the Global Network Initiative (GNI)",
                    "he": "חברות ביוזמת הרשת העולמית (GNI)",
                },
            ),
        ]
        made, values = [], []
        for kind, (month, day_of), title in plan:
            if (day := self.day(month, day_of)) is not None:
                made.append(Milestone(kind=kind, achieved_on=day))
                values.append({"title": title, "description": dict.fromkeys(LANGUAGES, "")})
        Milestone.objects.bulk_create(made)
        _translate(made, values)

    def media(self, count: int) -> None:
        mentions = []
        offset = MediaMention.objects.count()  # links are unique; seeding again adds others
        for index in range(count):
            day = self.random_day()
            if day is None:
                continue
            outlet, language = self.rng.choice(texts.OUTLETS)
            mentions.append(
                MediaMention(
                    outlet=outlet,
                    published_on=day,
                    language=language,
                    kind=self.rng.choice(["article", "article", "interview", "television"]),
                    link=f"https://news.example/{self.year}/{offset + index}",
                )
            )
        MediaMention.objects.bulk_create(mentions)

    def communications(self, followers: dict[str, int]) -> None:
        figures = []
        for month in range(1, 13):
            if self.day(month, 1) is None:
                break
            for channel, base in followers.items():
                followers[channel] = int(base * self.rng.uniform(1.005, 1.03))
                figures.append(
                    CommunicationsFigure(
                        month=dt.date(self.year, month, 1),
                        channel=channel,
                        video_views=self.rng.randint(20_000, 400_000) if channel != "x" else None,
                        engagement=self.rng.randint(5_000, 60_000),
                        followers=followers[channel],
                        source="import",
                    )
                )
        # A month already recorded (seeding again with --append) keeps its figures.
        CommunicationsFigure.objects.bulk_create(figures, ignore_conflicts=True)


def _subscribers(rng: random.Random, years: list[int], today: dt.date) -> int:
    """Demo subscribers who joined over the years (a few left); addresses are fictional and,
    as always, encrypted."""
    people: list[Subscriber] = []
    joined: list[SubscriberEvent] = []
    left: list[SubscriberEvent] = []
    offset = Subscriber.objects.count()  # seeding again (--append) adds other addresses
    for year in years:
        for _ in range(120 if year == REPORT_YEAR else 60):
            day = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            if day > today:
                continue
            number = offset + len(people)
            address = f"reader{number:04d}@example.org"
            gone = rng.random() < 0.08
            people.append(
                Subscriber(
                    email=address,
                    email_hash=address_hash(address),
                    language=rng.choice(["ar", "ar", "ar", "en", "he"]),
                    status=SubscriberStatus.UNSUBSCRIBED if gone else SubscriberStatus.ACTIVE,
                    key=tokens.new_key(),
                    requested_at=_moment(day, 9),
                    confirmed_at=_moment(day, 10),
                    left_at=_moment(min(day + dt.timedelta(days=90), today), 11) if gone else None,
                )
            )
    Subscriber.objects.bulk_create(people, batch_size=500)
    for person in people:
        assert person.confirmed_at is not None
        joined.append(
            SubscriberEvent(subscriber_ref=person.pk, kind="confirmed", at=person.confirmed_at)
        )
        if person.left_at:
            left.append(
                SubscriberEvent(subscriber_ref=person.pk, kind="unsubscribed", at=person.left_at)
            )
    SubscriberEvent.objects.bulk_create(joined + left, batch_size=1000)
    announcement = dt.date(REPORT_YEAR + 1, 2, 20)
    if REPORT_YEAR in years and announcement <= today:
        mailing = Mailing.objects.create(
            status=MailingStatus.SENT,
            queued_at=_moment(announcement, 9),
            started_at=_moment(announcement, 9),
            finished_at=_moment(announcement, 10),
        )
        _translate(
            [mailing],
            [
                {
                    "subject": {
                        "ar": "تقريرنا السنوي لعام 2022",
                        "en": "Our annual report for 2022",
                        "he": "הדוח השנתי שלנו לשנת 2022",
                    },
                    "body": {
                        "ar": (
                            "نشرنا تقريرنا السنوي: 13 إصدارًا وأكثر من 3000 "
                            "متدرب و1119 انتهاكًا موثقًا."
                        ),
                        "en": "We published our annual report: 13 publications, more than 3,000 "
                        "trainees and 1,119 documented violations.",
                        "he": "פרסמנו את הדוח השנתי: 13 פרסומים, יותר מ-3,000 משתתפים בהכשרות "
                        "ו-1,119 הפרות מתועדות.",
                    },
                }
            ],
        )
        audience = [
            p
            for p in people
            if p.confirmed_at is not None
            and p.confirmed_at <= _moment(announcement, 9)
            and (p.left_at is None or p.left_at > _moment(announcement, 9))
        ]
        Delivery.objects.bulk_create(
            [
                Delivery(
                    mailing=mailing,
                    subscriber=p,
                    language=p.language,
                    attempts=1,
                    status=DeliveryStatus.SENT,
                    sent_at=_moment(announcement, 10),
                )
                for p in audience
            ],
            batch_size=1000,
        )
    return len(people)


def seed_activities(*, years: list[int], today: dt.date, seed: int) -> ActivitySummary:
    rng = random.Random(f"marsad-activities:{seed}:{years}")  # noqa: S311  # nosec B311
    summary = ActivitySummary()
    followers: dict[str, int] = {
        Channel.FACEBOOK: 180_000,
        Channel.INSTAGRAM: 60_000,
        Channel.X: 25_000,
        Channel.TIKTOK: 15_000,
        Channel.YOUTUBE: 9_000,
    }
    for year in sorted(years):
        plan = _Year(rng, year, today)
        publications = plan.publications()
        report_year = year == REPORT_YEAR
        participants = plan.trainings(
            PARTICIPANTS_2022 if report_year else 1_400, ORGANISATIONS_2022 if report_year else 25
        )
        plan.events()
        plan.campaigns()
        plan.milestones()
        plan.media(30 if report_year else 12)
        plan.communications(followers)
        summary.publications += publications
        summary.participants += participants
        summary.by_year[year] = f"{publications} publications, {participants:,} people trained"
    summary.trainings = Training.objects.count()
    summary.subscribers = _subscribers(rng, sorted(years), today)
    return summary
