"""The text of the mailing that announces a publication, in each language it has: its title,
type, date, summary and the address of its page on the site. Drafted by
``services.publication_publish``; staff read it through and send it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from marsad.activities.models import Publication
from marsad.newsletter.mail import absolute


def announcement_texts(publication: Publication) -> dict[str, tuple[str, str]]:
    texts = {}
    for version in publication.translations.all():
        with translation.override(version.language_code):
            context = {
                "title": version.title,
                "summary": version.summary,
                "kind": publication.get_kind_display(),
                "date": publication.published_on,
                "url": absolute(reverse("activities:publication", args=[publication.pk])),
            }
            subject = render_to_string("activities/email/announcement_subject.txt", context)
            body = render_to_string("activities/email/announcement.txt", context)
        texts[version.language_code] = (" ".join(subject.split()), body.strip())
    return texts
