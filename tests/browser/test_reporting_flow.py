"""An analyst generates the annual report in the staff area, in Arabic, with JavaScript off:
opens the report, starts the generation (a background task; the page shows its progress
and refreshes itself), reads the report and downloads its PDF; the same report in Hebrew and
English. Screenshotted for a look at the right-to-left layout and the charts."""

from __future__ import annotations

import pytest

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.reporting.models import Report
from marsad.reporting.tests.conftest import year_2022  # noqa: F401  (the fixture)
from tests.browser.conftest import assert_language, assert_only_local_requests, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_generates_the_annual_report(
    year_2022,  # noqa: F811 (the fixture imported above)
    browser_context,
    base_url,
):
    analyst = make_user(Role.ANALYST, "report-analyst")
    context = browser_context(language="ar", user=analyst)
    page = context.new_page()
    # The test settings run tasks in the request that queues them: generating the report
    # (three PDFs) answers the click itself, so it may take longer than a usual page.
    page.set_default_timeout(180_000)
    page.goto(f"{base_url}/staff/periodic-reports/")
    assert_language(page, "ar")
    page.select_option("#id_kind", "annual")
    page.fill("#id_year", "2022")
    page.click("main form button[type=submit]")
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "التقرير السنوي 2022"
    page.click("text=أنشئ التقرير")
    page.wait_for_selector(".report-preview")
    # The snapshot keeps 1,119 (203 published); the report shows the published ones exactly
    # and the others rounded down to a multiple of 5: 203 + 915 (docs/statistics.md).
    assert "1,118" in page.inner_text("#violations")
    assert "1,119" not in page.inner_text("main")
    assert "ثلث" in page.inner_text("#summary")
    shot(page, "ar-report")
    with page.expect_download() as download:
        page.click("text=PDF بالعربية")
    assert download.value.suggested_filename.endswith("-ar.pdf")
    report = Report.objects.get()
    assert_only_local_requests(context)
    for language in ("he", "en"):
        other = browser_context(language=language, user=analyst)
        page = other.new_page()
        page.goto(f"{base_url}/staff/periodic-reports/{report.pk}/")
        assert_language(page, language)
        assert "1,118" in page.inner_text("#violations")
        assert "1,119" not in page.inner_text("main")
        shot(page, f"{language}-report")
        assert_only_local_requests(other)
