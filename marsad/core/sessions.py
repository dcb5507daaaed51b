"""Sessions kept in the database, deleted once they ended.

Django keeps every session row until ``clearsessions`` runs, and nothing ran it: a reporter's
row says which report they opened with their receipt code and when, a staff member's holds
their sign-in steps. The worker deletes them once they expired (``WORKER_SWEEPS``).
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone


def sweep() -> int:
    """Every minute: delete the sessions past their expiry (``SESSION_COOKIE_AGE`` after
    their last save; a staff session ends sooner, ``SessionTimeoutMiddleware``, and is
    deleted when it expires). Nothing is queued: 0 for the worker's count."""
    Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return 0
