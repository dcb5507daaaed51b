"""The mailing list in a real browser with JavaScript off, in Arabic: subscribe from the
footer of a page, read the confirmation email from the SMTP server, confirm, see the
preferences, receive a mailing and leave with its one-click unsubscribe (RFC 8058: a POST
from the "mail client", no cookie, no token); and the publications pages in Arabic and
Hebrew, screenshotted for a look at the right-to-left layout."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.activities.tests import factories as activity_factories
from marsad.newsletter import services
from marsad.newsletter.choices import SubscriberStatus
from marsad.newsletter.models import Subscriber
from marsad.newsletter.tests import factories
from marsad.newsletter.tests.smtp import smtp_server  # noqa: F401  (the fixture)
from tests.browser.conftest import assert_language, assert_only_local_requests, lang_url, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _link(text: str, part: str) -> str:
    return re.search(rf"https?://\S+{part}\S+/", text).group(0)


def test_subscribe_confirm_and_one_click_unsubscribe_in_arabic(
    page_nojs,
    browser_context,
    base_url,
    smtp_server,  # noqa: F811 (the fixture imported above)
    settings,
):
    settings.MARSAD_SITE_URL = base_url
    page = page_nojs
    page.goto(lang_url(base_url, "ar", "/publications/"))
    assert_language(page, "ar")
    page.fill("#subscribe-email", "amal.reader@example.org")
    assert page.input_value("#subscribe-language") == "ar"
    page.click(".subscribe button[type=submit]")
    page.wait_for_selector("h1")
    assert_language(page, "ar")
    assert page.inner_text("h1") == "تفقّد بريدك"
    shot(page, "1-check-inbox")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == SubscriberStatus.PENDING

    [confirmation] = smtp_server.received
    assert confirmation.to == "amal.reader@example.org"
    confirm_url = _link(confirmation.text(), "/ar/newsletter/confirm/")
    page.goto(confirm_url)
    shot(page, "2-confirm")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING  # opening the link is not enough
    page.click("main button[type=submit]")
    page.wait_for_selector(".messages")
    assert "/ar/newsletter/preferences/" in page.url
    assert page.inner_text(".messages") == "شكرًا لك: أنت الآن مشترك."
    shot(page, "3-preferences")
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE

    mailing = factories.mailing(ar=("تقريرنا الجديد", "نشرنا اليوم تقريرًا جديدًا."))
    services.mailing_queue(mailing=mailing, actor=make_user(Role.ANALYST))
    announcement = smtp_server.received[-1]
    assert announcement.message["Subject"] == "تقريرنا الجديد"
    assert announcement.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = announcement.message["List-Unsubscribe"].strip("<>")
    assert one_click.startswith(f"{base_url}/ar/newsletter/unsubscribe/")

    # The mail client's request: its own context (no cookie), no CSRF token, no JavaScript.
    mail_client = browser_context(java_script_enabled=False)
    response = mail_client.request.post(
        one_click,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED

    page.goto(_link(announcement.text(), "/ar/newsletter/preferences/"))
    assert page.inner_text("main .lead") == "أنت غير مشترك: لا نرسل إليك شيئًا."
    shot(page, "4-unsubscribed")
    assert_only_local_requests(page)


@pytest.mark.parametrize("language", ["ar", "he"])
def test_the_publications_pages_right_to_left(page, base_url, language):
    titles = [
        (
            {
                "ar": "مؤشر العنصرية والتحريض في شبكات التواصل",
                "he": "מדד הגזענות וההסתה ברשתות החברתיות",
                "en": "Racism index",
            },
            "research",
        ),
        ({"ar": "دليل مكافحة خطاب الكراهية", "en": "A guide to countering hate speech"}, "guide"),
        (
            {
                "ar": "ورقة موقف: قطاع المراقبة",
                "he": "נייר עמדה: תעשיית המעקב",
                "en": "Position paper: surveillance",
            },
            "position_paper",
        ),
    ]
    for n, (names, kind) in enumerate(titles):
        activity_factories.publication(
            kind=kind,
            on=dt.date(2022, 3 + n, 10),
            titles=names,
            summary_ar="ملخص قصير للإصدار يشرح موضوعه وأهم نتائجه.",
            summary_he="תקציר קצר של הפרסום.",
        )
    page.goto(lang_url(base_url, language, "/publications/"))
    assert_language(page, language)
    assert page.locator(".publications li").count() == 3
    feed = page.locator("link[rel=alternate][type='application/atom+xml']")
    assert feed.get_attribute("href") == f"/{language}/publications/feed/"
    # The main column starts on the right.
    box = page.locator("main h1").bounding_box()
    assert box["x"] + box["width"] > 1280 / 2
    shot(page, f"publications-{language}")
    page.click(".publications li:first-child h2 a")
    page.wait_for_selector("article h1")
    shot(page, f"publication-{language}")
    assert_only_local_requests(page)
