"""A small published world for the observatory tests, built through the real services (so
the search index and the cache are maintained as in production)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.cases import services
from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, Trust
from marsad.intake.services import ContactData, ReportData
from marsad.taxonomy.models import (
    CrisisPeriod,
    PerpetratorType,
    Platform,
    Region,
    Tag,
    VictimType,
    ViolationType,
)

# Personal data that the reports carry and that must never reach a public page, export or API.
VICTIM_NAME = "سامي المصري"
VICTIM_EMAIL = "sami.private@example.org"
VICTIM_PHONE = "+970599123456"
HANDLE = "@sami_secret_handle"
WORKING_TITLE = "عنوان داخلي سري"
CHECKLIST = dict.fromkeys(
    ("no_names", "no_handles_or_links", "no_location_details", "no_contact_details"), True
)


@dataclass
class World:
    staff: User
    cases: dict[str, Violation] = field(default_factory=dict)


def _term(model, slug):
    return model.objects.get(slug=slug) if slug else None


def document(
    world: World,
    *,
    key: str,
    summaries: dict[str, str],
    documented: dt.datetime,
    publish: bool = True,
    violation_type: str = "content-removal",
    platform: str = "facebook",
    region: str | None = None,
    victim_type: str | None = None,
    perpetrator_type: str | None = None,
    crisis_period: str | None = None,
    tags: tuple[str, ...] = (),
    occurred_on: dt.date | None = None,
) -> Violation:
    """A report (with personal data and consent to publish) documented as a violation,
    classified, summarised and, if ``publish``, published."""
    report = intake_services.report_submit(
        data=ReportData(
            description=f"{VICTIM_NAME} {VICTIM_PHONE} {HANDLE}: {key}",
            language="ar",
            victim_name=VICTIM_NAME,
            account_handle=HANDLE,
            consent_publish=True,
            consent_contact=True,
            contact=ContactData(method="email", email=VICTIM_EMAIL, phone=VICTIM_PHONE),
        ),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"world:{key}",
    ).report
    actor = world.staff
    violation = services.violation_open_from_report(report=report, actor=actor)
    services.violation_classify(
        violation=violation,
        actor=actor,
        changes={
            "title": WORKING_TITLE,
            "violation_type": _term(ViolationType, violation_type),
            "platform": _term(Platform, platform),
            "region": _term(Region, region),
            "victim_type": _term(VictimType, victim_type),
            "perpetrator_type": _term(PerpetratorType, perpetrator_type),
            "crisis_period": _term(CrisisPeriod, crisis_period),
            "occurred_on": occurred_on,
        },
        tags=[Tag.objects.get(slug=slug) for slug in tags],
    )
    services.violation_transition(
        violation=violation, to=Status.IN_REVIEW, actor=actor, at=documented
    )
    services.violation_transition(
        violation=violation, to=Status.DOCUMENTED, actor=actor, at=documented
    )
    for language, text in summaries.items():
        services.violation_write_summary(
            violation=violation, actor=actor, language=language, text=text, checklist=CHECKLIST
        )
    if publish:
        services.violation_set_published(violation=violation, actor=actor, published=True)
    violation.refresh_from_db()
    world.cases[key] = violation
    return violation


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T10:00:00+00:00")


def build_world() -> World:
    """Five published violations (A-E), one documented but unpublished (F) whose summary
    shares words with A, and one rejected."""
    world = World(staff=make_user(Role.DOCUMENTER, "world-documenter"))
    tag = Tag(slug="media")
    tag.set_current_language("ar")
    tag.name = "إعلام"
    tag.save()
    document(
        world,
        key="A",
        summaries={
            "ar": "حجبت منصة فيسبوك صفحة مؤسسة إعلامية فلسطينية بعد نشرها تقريراً عن "
            "الأحداث في ٢٠٢٣.",
            "en": "Facebook blocked the page of a Palestinian media organisation.",
        },
        documented=at("2024-01-15"),
        region="gaza-strip",
        victim_type="ngo",
        perpetrator_type="social-media-company",
        crisis_period="october-2023",
        tags=("media",),
        occurred_on=dt.date(2024, 1, 10),
    )
    document(
        world,
        key="B",
        summaries={"ar": "عُلِّقَ حسابُ صحفيٍّ على إنستغرام بسبب منشورٍ عن القدس."},
        documented=at("2024-02-03"),
        violation_type="hacking",
        platform="instagram",
        region="west-bank",
        victim_type="journalist",
        occurred_on=dt.date(2024, 1, 30),
    )
    document(
        world,
        key="C",
        summaries={"ar": "تعرّضت ناشطة لحملة تشهير وتحريض على منصة إكس بعد مقابلة تلفزيونية."},
        documented=at("2024-02-20"),
        violation_type="smear-campaign",
        platform="x-twitter",
        region="west-bank",
        victim_type="human-rights-defender",
        perpetrator_type="individuals-groups",
    )
    document(
        world,
        key="D",
        summaries={"he": "הוסר פוסט של עיתונאי מעזה על השלום."},
        documented=at("2024-03-05"),
        region="gaza-strip",
        victim_type="journalist",
        perpetrator_type="social-media-company",
    )
    document(
        world,
        key="E",
        summaries={"en": "=1+1 was posted on the hacked Telegram channel of a collective."},
        documented=at("2024-03-28"),
        violation_type="hacking",
        platform="telegram",
        victim_type="other",
    )
    document(
        world,
        key="F",
        summaries={"ar": "مؤسسة إعلامية سرية لم تنشر قضيتها."},
        documented=at("2024-02-10"),
        publish=False,
    )
    return world


def add_escalations(world: World) -> None:
    """Escalated cases for the world (sent in April and May 2024, after every documented date):
    A restored, D refused after a follow-up, F (unpublished) no answer: three removals with a
    final outcome, one restored -> recovery rate exactly 1/3. B (hacking) account secured, C
    still open, E never escalated. Answers: A after 10 days, D after 4, B after 2."""
    from marsad.escalations.choices import Channel as Sent
    from marsad.escalations.choices import Outcome, Request
    from marsad.escalations.models import Escalation
    from marsad.escalations.services import latest_outcomes_rebuild

    def attempt(key, sent, *, follow_up_of=None, answered=None, outcome="", closed=None):
        violation = world.cases[key]
        return Escalation.objects.create(
            violation=violation,
            platform_id=violation.platform_id,
            channel=Sent.TRUSTED_PARTNER_FORM,
            request=Request.RESTORE_CONTENT,
            follow_up_of=follow_up_of,
            sent_at=at(sent),
            sent_by=world.staff,
            answered_on=dt.date.fromisoformat(answered) if answered else None,
            outcome=outcome,
            closed_on=dt.date.fromisoformat(closed) if closed else None,
        )

    attempt("A", "2024-04-01", answered="2024-04-11", outcome=Outcome.RESTORED, closed="2024-04-11")
    first = attempt("D", "2024-04-02", answered="2024-04-06")
    attempt("D", "2024-04-20", follow_up_of=first, outcome=Outcome.REFUSED, closed="2024-04-25")
    attempt("F", "2024-04-03", outcome=Outcome.NO_ANSWER, closed="2024-04-30")
    attempt(
        "B",
        "2024-04-04",
        answered="2024-04-06",
        outcome=Outcome.ACCOUNT_SECURED,
        closed="2024-04-06",
    )
    attempt("C", "2024-05-10")
    # Made with the ORM, not the services: the latest outcome of each is written as after a
    # bulk load.
    latest_outcomes_rebuild()
