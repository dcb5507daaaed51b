"""The Atom feed of publications, in the language of its URL (``/ar/publications/feed/``;
Django's feed takes the active language when ``language`` is not set)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from marsad.activities.models import Publication
from marsad.activities.selectors import publications_public, shown

FEED_SIZE = 30


class PublicationsFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Publications")

    def subtitle(self) -> str:
        return _("Research, position papers, guides and reports on digital rights.")

    def link(self) -> str:
        return reverse("activities:publications")

    def feed_url(self) -> str:
        return reverse("activities:publications_feed")

    def items(self) -> Any:
        return publications_public()[:FEED_SIZE]

    def item_title(self, item: Publication) -> str:
        return shown(item, "title").text

    def item_description(self, item: Publication) -> str:
        return shown(item, "summary").text

    def item_link(self, item: Publication) -> str:
        return reverse("activities:publication", args=[item.pk])

    def item_pubdate(self, item: Publication) -> dt.datetime:
        return dt.datetime.combine(
            item.published_on, dt.time(), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )

    def item_updateddate(self, item: Publication) -> dt.datetime:
        return item.updated_at

    def item_categories(self, item: Publication) -> list[str]:
        return [str(item.get_kind_display()), *(str(topic) for topic in item.topics.all())]
