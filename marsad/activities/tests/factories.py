"""Records of the organisation's work for the tests, made through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from marsad.activities import services
from marsad.activities.models import AdvocacyTarget, Organisation, Publication, Topic


def topic(slug: str = "digital-security") -> Topic:
    return Topic.objects.get(slug=slug)


def organisation(name: str) -> Organisation:
    return services.organisation_find_or_create(name=name)[0]


def publication(
    *,
    kind: str = "research",
    on: dt.date = dt.date(2022, 5, 1),
    published: bool = True,
    titles: dict[str, str] | None = None,
    link: str = "https://example.org/report.pdf",
    **extra: Any,
) -> Publication:
    titles = titles or {"ar": "بحث", "en": "Research", "he": "מחקר"}
    made = services.publication_save(
        publication=None,
        fields={"kind": kind, "published_on": on},
        topics=[topic()],
        translations={
            code: {"title": title, "summary": extra.get(f"summary_{code}", ""), "link": link}
            for code, title in titles.items()
        },
        actor=None,
    )
    if published:
        services.publication_publish(publication=made, actor=None)
    return made


def target(slug: str) -> AdvocacyTarget:
    return AdvocacyTarget.objects.get(slug=slug)
