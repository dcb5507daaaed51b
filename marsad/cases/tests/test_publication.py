"""Publication follows consent on every path (issue 23, finding 1): when no consenting,
non-withdrawn report of a violation (or of a violation merged into it) remains, the
violation is unpublished in the same transaction, its timeline says why, and the public
page, the API item, the search and every export forget it in the same request cycle."""

from __future__ import annotations

import csv
import importlib
import io
import json
import threading
import time
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.cases import services
from marsad.cases.choices import EventKind, Status
from marsad.cases.errors import PublishNotAllowed
from marsad.cases.models import Violation
from marsad.demo.seed_observatory import seed_observatory
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, TriageState, Trust
from marsad.intake.models import Report
from marsad.intake.services import ReportData
from marsad.observatory.models import SearchText

pytestmark = pytest.mark.django_db

CHECKLIST = dict.fromkeys(
    ("no_names", "no_handles_or_links", "no_location_details", "no_contact_details"), True
)


def report(material: str, *, consent: bool = True) -> Report:
    return intake_services.report_submit(
        data=ReportData(description=f"words of {material}", language="ar", consent_publish=consent),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"publication:{material}",
    ).report


def documented(staff: User, first: Report, *others: Report, word: str) -> Violation:
    """A documented violation from these reports, with a redacted summary holding ``word``."""
    violation = services.violation_open_from_report(report=first, actor=staff)
    for other in others:
        services.report_attach(report=other, violation=violation, actor=staff)
    services.violation_transition(violation=violation, to=Status.IN_REVIEW, actor=staff)
    services.violation_transition(violation=violation, to=Status.DOCUMENTED, actor=staff)
    services.violation_write_summary(
        violation=violation,
        actor=staff,
        language="en",
        text=f"A post about {word} was removed.",
        checklist=CHECKLIST,
    )
    return violation


def publish(staff: User, violation: Violation) -> Violation:
    services.violation_set_published(violation=violation, actor=staff, published=True)
    violation.refresh_from_db()
    return violation


def traces(violation: Violation, word: str) -> dict[str, object]:
    """Where the public finds this violation: its page, its API item, the search (HTML and
    API, with the API's count), the three exports and the search index."""
    client = Client()
    pk = violation.pk
    listing = client.get("/api/v1/violations", {"q": word}).json()
    html = client.get("/en/violations/", {"q": word}).content.decode()
    body = b"".join(client.get("/en/violations/export.csv").streaming_content).decode()
    exported = json.loads(
        b"".join(client.get("/en/violations/export.json").streaming_content).decode()
    )
    workbook = load_workbook(io.BytesIO(b"".join(client.get("/en/violations/export.xlsx"))))
    return {
        "page": client.get(f"/en/violations/{pk}/").status_code,
        "api": client.get(f"/api/v1/violations/{pk}").status_code,
        "search": [item["id"] for item in listing["items"]],
        "count": listing["count"],
        "search page": f'href="/en/violations/{pk}/"' in html,
        "csv": str(pk) in [row[0] for row in csv.reader(io.StringIO(body))][1:],
        "json": pk in [row["id"] for row in exported["violations"]],
        "xlsx": pk in [row[0].value for row in workbook.active.iter_rows(min_row=2)],
        "indexed": SearchText.objects.filter(violation_id=pk).exists(),
    }


def public(violation: Violation) -> dict[str, object]:
    pk = violation.pk
    return {
        "page": 200,
        "api": 200,
        "search": [pk],
        "count": 1,
        "search page": True,
        "csv": True,
        "json": True,
        "xlsx": True,
        "indexed": True,
    }


GONE = {
    "page": 404,
    "api": 404,
    "search": [],
    "count": 0,
    "search page": False,
    "csv": False,
    "json": False,
    "xlsx": False,
    "indexed": False,
}


def consent_ended(violation: Violation) -> list[tuple[object, object, object]]:
    """The system's unpublications of this violation: (actor, before, after) of each."""
    return [
        (e.actor_id, e.before, e.after)
        for e in violation.events.filter(kind=EventKind.CONSENT_ENDED).order_by("pk")
    ]


ENDED = [(None, {"published": True}, {"published": False})]


@pytest.fixture
def staff() -> User:
    return make_user(Role.DOCUMENTER, "publication-documenter")


def test_withdrawing_the_only_consenting_report_unpublishes_everywhere_at_once(
    staff, django_capture_on_commit_callbacks
):
    mine = report("only")
    violation = publish(staff, documented(staff, mine, word="aardvark"))
    assert traces(violation, "aardvark") == public(violation)
    with django_capture_on_commit_callbacks(execute=True):
        intake_services.report_withdraw(report=mine)
    violation.refresh_from_db()
    assert (violation.is_published, violation.published_at) == (False, None)
    assert consent_ended(violation) == ENDED
    assert traces(violation, "aardvark") == GONE


def test_the_unpublication_is_part_of_the_withdrawal_transaction(staff):
    """Nothing commits between the withdrawal and the unpublication: rolled back together."""
    mine = report("atomic")
    violation = publish(staff, documented(staff, mine, word="atomic"))
    seen: list[object] = []

    def withdraw_then_fail() -> None:
        with transaction.atomic():
            intake_services.report_withdraw(report=mine)
            seen.append(Violation.objects.get(pk=violation.pk).is_published)
            seen.append(SearchText.objects.filter(violation_id=violation.pk).exists())
            raise RuntimeError("the request failed after the withdrawal")

    with pytest.raises(RuntimeError):
        withdraw_then_fail()
    assert seen == [False, False]
    assert Violation.objects.get(pk=violation.pk).is_published is True
    assert consent_ended(violation) == []


def test_another_consenting_report_keeps_it_published_until_it_goes_too(staff):
    first, second = report("first"), report("second")
    violation = publish(staff, documented(staff, first, second, word="bison"))
    intake_services.report_withdraw(report=first)
    assert traces(violation, "bison") == public(violation)
    assert consent_ended(violation) == []
    intake_services.report_withdraw(report=second)
    assert traces(violation, "bison") == GONE
    assert consent_ended(violation) == ENDED


def test_a_report_that_never_consented_does_not_keep_it_published(staff):
    consenting, silent = report("consenting"), report("silent", consent=False)
    violation = publish(staff, documented(staff, consenting, silent, word="camel"))
    intake_services.report_withdraw(report=consenting)
    assert traces(violation, "camel") == GONE
    assert consent_ended(violation) == ENDED


def test_the_consent_of_a_merged_violation_counts_for_its_target_and_ends_with_it(staff):
    target = documented(staff, report("target", consent=False), word="dingo")
    source_report = report("source")
    source = services.violation_open_from_report(report=source_report, actor=staff)
    with pytest.raises(PublishNotAllowed):
        services.violation_set_published(violation=target, actor=staff, published=True)
    services.violation_merge(source=source, target=target, actor=staff)
    assert services.violation_publication_allowed(target)
    publish(staff, target)
    assert traces(target, "dingo") == public(target)
    intake_services.report_withdraw(report=source_report)
    target.refresh_from_db()
    assert target.is_published is False
    assert consent_ended(target) == ENDED
    assert traces(target, "dingo") == GONE


def test_undoing_a_merge_takes_its_consent_away_from_the_target(staff):
    target = documented(staff, report("target", consent=False), word="eland")
    source = services.violation_open_from_report(report=report("source"), actor=staff)
    services.violation_merge(source=source, target=target, actor=staff)
    publish(staff, target)
    services.violation_split(source=source, actor=staff, note="two incidents")
    target.refresh_from_db()
    assert target.is_published is False
    assert consent_ended(target) == ENDED
    assert traces(target, "eland") == GONE


def test_a_merged_case_whose_consent_ended_stays_off_the_site_after_a_split(staff):
    """B was published, then merged into A (A has consent of its own). B's reporter withdraws
    while B is merged: A stays, B is unpublished, and undoing the merge does not bring it
    back."""
    target = publish(staff, documented(staff, report("own"), word="ferret"))
    withdrawn = report("merged")
    source = publish(staff, documented(staff, withdrawn, word="gecko"))
    services.violation_merge(source=source, target=target, actor=staff)
    assert traces(source, "gecko")["page"] == 404  # merged: counted under the target only
    intake_services.report_withdraw(report=withdrawn)
    source.refresh_from_db()
    assert source.is_published is False
    assert consent_ended(source) == ENDED
    assert traces(target, "ferret") == public(target)
    assert consent_ended(target) == []
    services.violation_split(source=source, actor=staff, note="two incidents")
    assert traces(source, "gecko") == GONE


def test_a_reopened_case_withdrawn_meanwhile_is_not_public_when_documented_again(staff):
    mine = report("reopened")
    violation = publish(staff, documented(staff, mine, word="heron"))
    services.violation_transition(
        violation=violation, to=Status.IN_REVIEW, actor=staff, note="check the dates"
    )
    intake_services.report_withdraw(report=mine)
    violation.refresh_from_db()
    services.violation_transition(violation=violation, to=Status.DOCUMENTED, actor=staff)
    violation.refresh_from_db()
    assert violation.is_published is False
    assert consent_ended(violation) == ENDED
    assert traces(violation, "heron") == GONE


def test_attaching_and_triage_never_take_consent_away(staff):
    """Attaching a report without consent adds no consent and takes none; triage (spam, out
    of scope, back to new) never touches a report already attached."""
    consenting = report("attached")
    violation = publish(staff, documented(staff, consenting, word="pangolin"))
    services.report_attach(report=report("silent", consent=False), violation=violation, actor=staff)
    for state in (TriageState.SPAM, TriageState.OUT_OF_SCOPE, TriageState.NEW):
        assert services.reports_set_triage(reports=[consenting], state=state, actor=staff) == 0
    consenting.refresh_from_db()
    assert (consenting.triage_state, consenting.violation_id) == (
        TriageState.ATTACHED,
        violation.pk,
    )
    assert traces(violation, "pangolin") == public(violation)
    assert consent_ended(violation) == []


def test_publishing_after_the_consent_ended_is_refused_and_changes_nothing(staff):
    mine = report("late")
    violation = documented(staff, mine, word="ibis")
    intake_services.report_withdraw(report=mine)
    events = violation.events.count()
    with pytest.raises(PublishNotAllowed):
        services.violation_set_published(violation=violation, actor=staff, published=True)
    violation.refresh_from_db()
    assert violation.is_published is False
    assert violation.events.count() == events
    assert consent_ended(violation) == []  # it was never published: nothing to end


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "Unpublished: consent ended"),
        ("ar", "أُلغي النشر: انتهت الموافقة"),
        ("he", "הפרסום בוטל: ההסכמה הסתיימה"),
    ],
)
def test_the_staff_timeline_says_why_in_every_language(staff, language, label):
    mine = report("timeline")
    violation = publish(staff, documented(staff, mine, word="jackal"))
    intake_services.report_withdraw(report=mine)
    client = Client()
    client.force_login(staff)
    html = client.get(
        f"/staff/violations/{violation.pk}/", HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    assert html.count(label) == 1
    assert "{'published'" not in html.split('class="timeline"')[1].split(label)[1][:400]


def test_the_upgrade_unpublishes_what_earlier_withdrawals_left_published(staff):
    """Before this release a withdrawal left the case published; the data migration takes
    those off the site, and only those."""
    left = report("left")
    stale = publish(staff, documented(staff, left, word="marten"))
    kept = publish(staff, documented(staff, report("kept"), word="newt"))
    target = documented(staff, report("target", consent=False), word="okapi")
    services.violation_merge(
        source=services.violation_open_from_report(report=report("merged"), actor=staff),
        target=target,
        actor=staff,
    )
    publish(staff, target)
    # What a withdrawal did before: the report emptied, its case left as it was.
    Report.objects.filter(pk=left.pk).update(
        triage_state=TriageState.WITHDRAWN, withdrawn_at=timezone.now(), consent_publish=False
    )
    migration = importlib.import_module("marsad.cases.migrations.0007_unpublish_without_consent")
    migration.unpublish_without_consent(apps, None)
    assert traces(stale, "marten") == GONE
    assert consent_ended(stale) == ENDED
    assert traces(kept, "newt") == public(kept)
    assert traces(target, "okapi") == public(target)  # its consent comes from the merged one
    assert consent_ended(kept) == consent_ended(target) == []


@pytest.mark.parametrize("replica", [True, False])
def test_with_a_replica_the_unpublication_commits_once_the_replica_applied_it(
    staff, settings, replica
):
    """Public pages may read a replica: the transaction that takes a case off the site asks
    PostgreSQL to return from its commit only once the replica has applied it."""
    if connection.vendor != "postgresql":
        pytest.skip("synchronous replication is PostgreSQL's")
    settings.DATABASE_REPLICA_READS = replica
    mine = report("replica")
    violation = publish(staff, documented(staff, mine, word="quoll"))
    with CaptureQueriesContext(connection) as queries:
        intake_services.report_withdraw(report=mine)
    asked = [q["sql"] for q in queries.captured_queries if "synchronous_commit" in q["sql"]]
    assert asked == (["SET LOCAL synchronous_commit TO remote_apply"] if replica else [])
    assert Violation.objects.get(pk=violation.pk).is_published is False


# --- Races (PostgreSQL: SQLite runs one writer at a time) -------------------------------------


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers (IMMEDIATE transactions): no interleaving")


@pytest.mark.django_db(transaction=True)
def test_a_publication_racing_a_withdrawal_never_ends_published(vocabularies_reseeded):
    """The reporter's withdrawal is written but not committed when a documenter presses
    "Publish": the publication waits for it, then finds no consent and is refused."""
    _postgresql_only()
    staff = make_user(Role.DOCUMENTER, "racer")
    mine = report("race")
    violation = documented(staff, mine, word="kudu")
    withdrawn, release = threading.Event(), threading.Event()
    outcome: list[object] = []

    def withdraw() -> None:
        try:
            with transaction.atomic():
                intake_services.report_withdraw(report=Report.objects.get(pk=mine.pk))
                withdrawn.set()
                assert release.wait(10)
        finally:
            connections.close_all()

    def press_publish() -> None:
        try:
            services.violation_set_published(
                violation=Violation.objects.get(pk=violation.pk), actor=staff, published=True
            )
            outcome.append("published")
        except PublishNotAllowed as exc:
            outcome.append(exc.code)
        finally:
            connections.close_all()

    reporter = threading.Thread(target=withdraw)
    reporter.start()
    assert withdrawn.wait(10)
    documenter = threading.Thread(target=press_publish)
    documenter.start()
    time.sleep(0.5)
    assert outcome == []  # waiting for the withdrawal's lock on the violation
    release.set()
    reporter.join(10)
    documenter.join(10)
    assert outcome == ["cases.publish_not_allowed"]
    assert Violation.objects.get(pk=violation.pk).is_published is False


@pytest.mark.django_db(transaction=True)
def test_two_withdrawals_at_once_leave_no_published_case_without_consent(
    vocabularies_reseeded, monkeypatch
):
    """Each reporter withdraws one of the two consenting reports at the same moment: both
    reports are emptied (and both withdrawals are on the timeline) before either checks the
    consent, so each transaction alone still sees the other's. The lock on the violation
    orders the two checks, the second sees the first's withdrawal and unpublishes; and the
    lock does not wait for the timeline's reference to the violation (a deadlock)."""
    _postgresql_only()
    staff = make_user(Role.DOCUMENTER, "racer")
    first, second = report("one"), report("two")
    violation = publish(staff, documented(staff, first, second, word="lemur"))
    both_written = threading.Barrier(2)
    check = intake_services.publication_follow_consent

    def after_both_wrote(**kwargs: Any) -> list[int]:
        both_written.wait(10)
        return check(**kwargs)

    monkeypatch.setattr(intake_services, "publication_follow_consent", after_both_wrote)
    errors: list[BaseException] = []

    def withdraw(pk: int) -> None:
        try:
            intake_services.report_withdraw(report=Report.objects.get(pk=pk))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=withdraw, args=(r.pk,)) for r in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    violation.refresh_from_db()
    assert violation.is_published is False
    assert consent_ended(violation) == ENDED
    assert not SearchText.objects.filter(violation_id=violation.pk).exists()


def test_the_demo_publishes_no_case_whose_consent_was_withdrawn(staff):
    def documented_without_summary(first: Report) -> Violation:
        violation = services.violation_open_from_report(report=first, actor=staff)
        for status in (Status.IN_REVIEW, Status.DOCUMENTED):
            services.violation_transition(violation=violation, to=status, actor=staff)
        return violation

    kept = documented_without_summary(report("demo-kept"))
    gone_report = report("demo-gone")
    gone = documented_without_summary(gone_report)
    intake_services.report_withdraw(report=gone_report)

    assert seed_observatory(share=1.0) == 1
    assert Violation.objects.get(pk=kept.pk).is_published is True
    assert Violation.objects.get(pk=gone.pk).is_published is False
