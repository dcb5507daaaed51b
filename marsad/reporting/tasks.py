"""Background tasks of reporting: thin, take ids, safe to run twice."""

from __future__ import annotations

from django.tasks import task

from marsad.core.taskqueue import retry_transient
from marsad.reporting import services


@task()
@retry_transient
def generate(snapshot_id: int) -> bool:
    """Generate a queued report version; False when it was not waiting any more."""
    return services.snapshot_build(snapshot_id) is not None


def sweep() -> int:
    """Mark as failed the generations whose worker died, so staff can start them again."""
    return services.snapshots_sweep()
