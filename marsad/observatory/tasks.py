"""Background tasks of the public observatory: thin, safe to run twice."""

from __future__ import annotations

from django.conf import settings
from django.tasks import task

from marsad.observatory import services


@task()
def warm() -> int:
    """Compute the unfiltered public figures of the current generation (after a change)."""
    return services.public_figures_warm()


@task()
def refresh(name: str, parts: str) -> bool:
    """Compute one public figure a visitor was given an older value of."""
    return services.public_figure_refresh(name, parts)


def sweep() -> int:
    """Called by ``marsad worker`` every minute: queue the warm-up when the unfiltered figures
    of the current generation are missing (they expired, or the change's own warm-up was lost
    with its worker). The figures themselves are computed by the task, not in the sweep."""
    if not settings.OBSERVATORY_WARM or services.public_figures_fresh():
        return 0
    return int(services.public_figures_warm_soon())
