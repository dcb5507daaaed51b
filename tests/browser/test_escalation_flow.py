"""A coordinator working in Arabic batches five documented violations to one platform,
records the batch as sent, records three of the platform's answers, and sees the platform's
recovery rate and response time change on the statistics page. In a real browser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases.choices import Status
from marsad.cases.models import Violation
from marsad.escalations.models import Batch, Escalation
from marsad.escalations.tests.factories import documented
from tests.browser.conftest import assert_language, axe_violations, describe_violations, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def submit(page, action: str) -> None:
    page.click(f"form[action='{action}'] button[type=submit]")
    page.wait_for_load_state()


def instagram_row(page) -> dict[str, str]:
    row = page.locator("table.stats tbody tr[data-platform='instagram']")
    return {
        name: row.locator(f"td.{name}").inner_text().strip()
        for name in ("median", "p90", "recovery")
    } | {"cells": row.locator("td").all_inner_texts()}


def no_axe_problems(page) -> None:
    found = axe_violations(page)
    assert not found, describe_violations(page.url, found)


def test_coordinator_batches_five_records_three_answers_and_sees_the_figures_move(
    browser_context, base_url
):
    titles = [f"حذف منشور صحفية رقم {n}" for n in range(1, 6)]
    cases = [documented(title=title) for title in titles]
    documented(title="ليس للمشاركة", consent=False)  # never offered for a batch
    today = timezone.localdate()
    coordinator = browser_context(language="ar", user=make_user(Role.COORDINATOR)).new_page()

    # Before: nothing escalated on Instagram.
    coordinator.goto(f"{base_url}/staff/escalations/statistics/")
    assert_language(coordinator, "ar")
    assert coordinator.locator("tr[data-platform='instagram']").count() == 0
    shot(coordinator, "1-statistics-before")

    # Choose the platform, then the five violations.
    coordinator.goto(f"{base_url}/staff/escalations/batches/")
    coordinator.select_option("#id_platform", "instagram")
    coordinator.click("form[action='/staff/escalations/batches/new/'] button[type=submit]")
    coordinator.wait_for_load_state()
    assert coordinator.locator("input[name=violations]").count() == 5
    assert "ليس للمشاركة" not in coordinator.content()
    for case in cases:
        coordinator.check(f"#pick-{case.pk}")
    no_axe_problems(coordinator)
    shot(coordinator, "2-choose-violations")
    coordinator.click("main form button[type=submit]")
    coordinator.wait_for_load_state()
    batch = Batch.objects.get()
    assert coordinator.url == f"{base_url}/staff/escalations/batches/{batch.pk}/"
    assert coordinator.locator("main table tbody tr").count() == 5
    with coordinator.expect_download() as download:
        coordinator.click(f"a[href='/staff/escalations/batches/{batch.pk}/package.csv']")
    assert download.value.suggested_filename == f"marsad-batch-{batch.pk}-instagram.csv"
    no_axe_problems(coordinator)
    shot(coordinator, "3-batch-package")

    # The package went out ten days ago.
    sent_on = today - dt.timedelta(days=10)
    coordinator.fill("#sent_sent_on", sent_on.isoformat())
    coordinator.fill("#sent_reference", "TP-2026-0042")
    submit(coordinator, f"/staff/escalations/batches/{batch.pk}/sent/")
    escalations = list(Escalation.objects.order_by("violation_id"))
    assert len(escalations) == 5
    assert {e.reference for e in escalations} == {"TP-2026-0042"}
    assert set(
        Violation.objects.filter(pk__in=[c.pk for c in cases]).values_list("status", flat=True)
    ) == {Status.ESCALATED}
    coordinator.goto(f"{base_url}/staff/escalations/statistics/")
    before = instagram_row(coordinator)
    assert before["cells"][:2] == ["5", "0"]  # escalated, answered
    assert (before["median"], before["p90"]) == ("—", "—")
    assert before["recovery"].startswith("—")
    shot(coordinator, "4-statistics-sent")

    # Three answers: restored after 3 days, refused after 6, restored after 10.
    answers = [(3, "restored"), (6, "refused"), (10, "restored")]
    for escalation, (days, outcome) in zip(escalations, answers, strict=False):
        coordinator.goto(f"{base_url}/staff/escalations/{escalation.pk}/")
        coordinator.fill("#answer_answered_on", (sent_on + dt.timedelta(days=days)).isoformat())
        coordinator.fill("#answer_reason_given", "مراجعة ثانية")
        coordinator.select_option("#answer_outcome", outcome)
        submit(coordinator, f"/staff/escalations/{escalation.pk}/answer/")
        escalation.refresh_from_db()
        assert escalation.outcome == outcome
    no_axe_problems(coordinator)
    shot(coordinator, "5-answer-recorded")

    coordinator.goto(f"{base_url}/staff/escalations/statistics/")
    after = instagram_row(coordinator)
    assert after["cells"][:2] == ["5", "3"]
    # Days 3, 6, 10: median at rank 2 -> 6; p90 at rank 3 -> 10. Recovered 2 of 3 -> 67%.
    assert (after["median"], after["p90"]) == ("6", "10")
    assert after["recovery"].replace("\u200f", "").startswith("67%")
    assert "(2/3)" in after["recovery"]
    no_axe_problems(coordinator)
    shot(coordinator, "6-statistics-after")
    assert Violation.objects.filter(status=Status.CLOSED).count() == 3
