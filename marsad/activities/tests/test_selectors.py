"""Every counter of the organisation's work equals what was counted by hand on a fixture
that puts records on both sides of the period's edges (docs/statistics.md)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from marsad.activities import selectors, services
from marsad.activities.choices import Channel
from marsad.activities.models import CommunicationsFigure
from marsad.activities.tests import factories
from marsad.core.periods import Period
from marsad.newsletter import events
from marsad.newsletter.choices import SubscriberStatus
from marsad.newsletter.selectors import SubscriberFigures
from marsad.newsletter.tests import factories as newsletter_factories

pytestmark = pytest.mark.django_db
D = dt.date
TZ = ZoneInfo("Asia/Jerusalem")


def training(
    title, starts_on, women=0, men=0, unstated=0, trainers=0, organisations=(), ends_on=None
):
    return services.training_save(
        training=None,
        fields={
            "title": title,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "topic": factories.topic(),
            "format": "in_person",
            "women": women,
            "men": men,
            "gender_unstated": unstated,
            "trainers_trained": trainers,
        },
        organisations=[factories.organisation(name) for name in organisations],
        actor=None,
    )


def event(starts_on, in_person=0, online=0, viewers=0, role="organised", kind="forum"):
    return services.event_save(
        event=None,
        fields={
            "kind": kind,
            "role": role,
            "starts_on": starts_on,
            "attendees_in_person": in_person,
            "attendees_online": online,
            "viewers": viewers,
        },
        partners=[],
        translations={"en": {"title": f"Event {starts_on}", "description": ""}},
    )


def campaign(kind, starts_on, targets=(), ends_on=None):
    return services.campaign_save(
        campaign=None,
        fields={"kind": kind, "starts_on": starts_on, "ends_on": ends_on},
        targets=[factories.target(t) for t in targets],
        partners=[],
        translations={"ar": {"title": f"حملة {starts_on}", "description": ""}},
    )


def milestone(on, title):
    return services.milestone_save(
        milestone=None,
        fields={"kind": "status", "achieved_on": on},
        translations={"en": {"title": title, "description": ""}},
    )


def mention(on, language):
    return services.media_mention_save(
        mention=None,
        fields={
            "outlet": "Outlet",
            "published_on": on,
            "language": language,
            "kind": "article",
            "link": f"https://news.example/{on}/{language}",
        },
    )


def figure(month, channel, views=None, engagement=None, followers=None):
    return services.communications_figure_save(
        figure=None,
        fields={
            "month": month,
            "channel": channel,
            "video_views": views,
            "engagement": engagement,
            "followers": followers,
        },
    )


@pytest.fixture
def year_2022():
    # Publications: by publication date; drafts never count.
    factories.publication(kind="research", on=D(2022, 1, 10))
    factories.publication(kind="research", on=D(2022, 6, 1))
    factories.publication(kind="position_paper", on=D(2022, 12, 31))
    factories.publication(kind="guide", on=D(2023, 1, 1))
    factories.publication(kind="survey_results", on=D(2021, 12, 31))
    factories.publication(kind="legal_analysis", on=D(2022, 3, 3), published=False)
    # Trainings: by first day (the second ends in 2023 and still counts in 2022).
    training(
        "T1",
        D(2022, 2, 1),
        women=12,
        men=8,
        unstated=1,
        trainers=3,
        organisations=["Alpha", "Beta"],
    )
    training(
        "T2",
        D(2022, 11, 30),
        women=5,
        men=10,
        organisations=["beta ", "Gamma"],
        ends_on=D(2023, 1, 2),
    )
    training("T3", D(2023, 1, 1), women=100, organisations=["Delta"])
    training("T4", D(2021, 12, 31), women=7, organisations=["Epsilon"])
    # Needs assessments: organisations, each once.
    for name, on in (
        ("Alpha", D(2022, 3, 1)),
        ("Alpha", D(2022, 9, 1)),
        ("Delta", D(2022, 5, 5)),
        ("Epsilon", D(2023, 2, 2)),
    ):
        services.needs_assessment_save(
            assessment=None,
            fields={
                "organisation": factories.organisation(name),
                "assessed_on": on,
                "topic": None,
                "findings": "",
            },
        )
    event(D(2022, 10, 1), in_person=300, online=150, viewers=5000)
    event(D(2022, 6, 5), role="participated", kind="conference")
    event(D(2023, 1, 5), in_person=50)
    campaign("campaign", D(2022, 4, 1), targets=["meta", "paypal"])
    campaign("un_submission", D(2022, 9, 12), targets=["un-human-rights-council"])
    campaign("eu_session", D(2022, 2, 2))
    campaign("eu_session", D(2022, 11, 11))
    campaign("joint_letter", D(2021, 12, 1), ends_on=D(2022, 1, 15))
    milestone(D(2022, 7, 20), "ECOSOC consultative status")
    milestone(D(2022, 5, 1), "GNI membership")
    milestone(D(2021, 3, 1), "Earlier")
    for on, language in (
        (D(2022, 1, 1), "ar"),
        (D(2022, 5, 1), "ar"),
        (D(2022, 7, 1), "en"),
        (D(2022, 12, 31), "other"),
        (D(2023, 1, 1), "he"),
    ):
        mention(on, language)
    figure(D(2022, 1, 1), Channel.FACEBOOK, views=1000, engagement=200, followers=10_000)
    figure(D(2022, 12, 15), Channel.FACEBOOK, views=3000, followers=12_500)  # stored as 12-01
    figure(D(2023, 1, 1), Channel.FACEBOOK, views=99_999, followers=13_000)
    figure(D(2022, 6, 1), Channel.INSTAGRAM, engagement=500, followers=4_000)
    figure(D(2022, 11, 1), Channel.INSTAGRAM, views=700, engagement=100)  # followers unknown
    figure(D(2021, 12, 1), Channel.X, followers=800)
    # Subscribers: one before, two joined in 2022, one of them left.
    newsletter_factories.subscriber("before@example.org", at=dt.datetime(2021, 5, 1, tzinfo=TZ))
    newsletter_factories.subscriber("joined@example.org", at=dt.datetime(2022, 3, 1, tzinfo=TZ))
    left = newsletter_factories.subscriber(
        "left@example.org", at=dt.datetime(2022, 4, 1, tzinfo=TZ)
    )
    events.subscriber_leave(
        subscriber=left, status=SubscriberStatus.UNSUBSCRIBED, at=dt.datetime(2022, 8, 1, tzinfo=TZ)
    )


def test_the_counters_for_2022_equal_the_hand_count(year_2022):
    figures = selectors.activity_figures(Period.year(2022))
    assert figures.publications == {
        "research": 2,
        "position_paper": 1,
        "legal_analysis": 0,
        "guide": 0,
        "survey_results": 0,
        "quarterly_report": 0,
        "annual_report": 0,
        "other": 0,
    }
    assert figures.publications_total == 3
    assert figures.trainings == 2
    assert (
        figures.trainees.women,
        figures.trainees.men,
        figures.trainees.gender_unstated,
        figures.trainees.total,
    ) == (17, 18, 1, 36)
    assert figures.trainers_trained == 3
    assert figures.organisations_trained == 3  # Alpha, Beta (spelt twice), Gamma
    assert figures.organisations_assessed == 2  # Alpha (twice), Delta
    assert (
        figures.events.events,
        figures.events.in_person,
        figures.events.online,
        figures.events.viewers,
        figures.events.attendees,
    ) == (2, 300, 150, 5000, 450)
    assert figures.campaigns == {
        "campaign": 1,
        "un_submission": 1,
        "eu_session": 2,
        "joint_letter": 0,
        "coalition_work": 0,
        "other": 0,
    }
    assert figures.campaigns_total == 4
    assert [str(m) for m in figures.milestones] == ["GNI membership", "ECOSOC consultative status"]
    assert figures.media_mentions == {"ar": 2, "en": 1, "he": 0, "other": 1}
    assert figures.media_mentions_total == 4
    assert figures.communications.video_views == 4700
    assert figures.communications.engagement == 800
    assert figures.communications.followers == {"facebook": 12_500, "instagram": 4_000}
    assert figures.communications.followers_total == 16_500
    assert figures.subscribers == SubscriberFigures(at_start=1, at_end=2, joined=2, left=1)


def test_a_quarter_and_an_empty_period(year_2022):
    q1 = selectors.activity_figures(Period.quarter(2022, 1))
    assert q1.publications_total == 1
    assert q1.trainees.total == 21
    assert q1.campaigns == {**dict.fromkeys(q1.campaigns, 0), "eu_session": 1}
    assert q1.communications.followers == {"facebook": 10_000}
    empty = selectors.activity_figures(Period.year(2019))
    assert empty.publications_total == empty.trainees.total == empty.campaigns_total == 0
    assert empty.communications.followers_total == 0
    assert empty.milestones == []


def test_figures_are_stored_for_the_first_day_of_their_month(year_2022):
    assert CommunicationsFigure.objects.filter(month=D(2022, 12, 1)).count() == 1
    assert not CommunicationsFigure.objects.filter(month=D(2022, 12, 15)).exists()


def test_the_counters_use_a_handful_of_queries(year_2022, django_assert_num_queries):
    # One per counter; milestones bring their translations (a second query).
    with django_assert_num_queries(14):
        selectors.activity_figures(Period.year(2022))
