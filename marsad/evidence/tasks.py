"""Background tasks of evidence: thin, take ids, safe to run twice."""

from __future__ import annotations

from django.tasks import task

from marsad.core.taskqueue import retry_transient
from marsad.evidence import work


@task()
@retry_transient
def ingest_report(report_id: int) -> int:
    """A new report's (or a follow-up's) files into the evidence store."""
    return len(work.ingest_report(report_id=report_id))


@task()
@retry_transient
def capture_url(item_id: int) -> str:
    outcome = work.capture_run(item_id=item_id)
    if outcome.retry_at is not None and capture_url.get_backend().supports_defer:
        capture_url.using(run_after=outcome.retry_at).enqueue(item_id)
    # (A backend that cannot defer, as in tests, leaves the retry to ``sweep``.)
    return str(outcome.state or "")


@task()
@retry_transient
def release_intake_copies(after: int) -> int:
    """Delete the uploads the evidence store already holds, a batch at a time from report
    file ``after`` on, queueing the next batch (queued by ``marsad worker`` when it starts,
    for uploads an older version or a crash left)."""
    released, last = work.intake_copies_release(after=after)
    if last is not None:
        release_intake_copies.enqueue(last)
    return released


def sweep_intake_copies() -> int:
    """Every minute (``WORKER_SWEEPS``): delete the recent uploads that the evidence store
    holds but whose deletion did not happen (logged; nothing is queued, so 0 for the
    worker's count of queued tasks)."""
    after: int | None = work.intake_copies_recent_after()
    while after is not None:
        _released, after = work.intake_copies_release(after=after)
    return 0


def sweep() -> int:
    """Queue again the captures whose worker died or whose task was lost, and the ingest of
    reports whose task was lost (``marsad worker`` runs this when it starts and every
    minute)."""
    due = work.captures_due()
    for pk in due:
        capture_url.enqueue(pk)
    ingests = work.ingests_due()
    for report_id in ingests:
        ingest_report.enqueue(report_id)
    return len(due) + len(ingests)
