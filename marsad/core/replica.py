"""Reads of the public site from a read replica (``DATABASE_REPLICA_URL``).

The public observatory (search, violation pages, statistics, charts, open-data exports, the
read API) and the public list of publications only read. Where a streaming replica of the
primary PostgreSQL is configured, ``PublicReadsOnReplicaMiddleware`` marks those requests (GET
and HEAD only) and ``ReplicaRouter`` sends their reads to the ``replica`` alias, so a crisis
of public traffic does not take the primary's capacity from intake and case work.

Everything else reads the primary: every write, every staff page, the report form and its
follow-up (a reporter must find the report just sent, which a lagging replica may not have
yet), and, even on public pages, the sign-in state (sessions, accounts, two-factor, lockouts),
so that a person who has just signed in is not shown as signed out. Nothing is migrated on the
replica: it follows the primary by PostgreSQL's own replication.

The flag lives in a context variable set at the start of each request and cleared when the
response is finished (``request_finished``, after a streamed export's last row), so a thread
that serves the next request, or a test after a request, starts on the primary.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve

REPLICA = "replica"
# Namespaces of pages that only read published data.
PUBLIC_NAMESPACES = frozenset({"observatory", "activities"})
# Apps whose rows say who is signed in: always read from the primary.
PRIMARY_APPS = frozenset({"sessions", "auth", "accounts", "account", "mfa", "axes"})

_public_read: ContextVar[bool] = ContextVar("marsad_public_read", default=False)


def enabled() -> bool:
    return settings.DATABASE_REPLICA_READS and REPLICA in settings.DATABASES


# URL names of the read API's operations, registered by the app that owns them.
_public_api_names: set[str] = set()


def public_read_api(router: Any) -> None:
    """Register every operation of this django-ninja router (GETs only) as a public read."""
    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            if set(operation.methods) <= {"GET", "HEAD"}:
                _public_api_names.add(
                    getattr(operation, "url_name", "") or operation.view_func.__name__
                )


def is_public_read(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    if match.namespace in PUBLIC_NAMESPACES:
        return True
    return match.namespace == "api" and match.url_name in _public_api_names


class PublicReadsOnReplicaMiddleware:
    """Marks the public read requests (after ``LocaleMiddleware``, which the language-prefixed
    URLs need to resolve). Does nothing without a replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        _public_read.set(enabled() and is_public_read(request))
        return self.get_response(request)


@receiver(request_finished)
def _back_to_the_primary(**kwargs: Any) -> None:
    _public_read.set(False)


def reading_connection() -> BaseDatabaseWrapper:
    """The connection raw SQL of a read should use: the replica during a public read request,
    the primary otherwise (raw cursors do not pass through the router)."""
    return connections[REPLICA if _public_read.get() and enabled() else DEFAULT_DB_ALIAS]


class ReplicaRouter:
    """Reads of a marked request go to the replica; everything else to ``default``."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _public_read.get() and model._meta.app_label not in PRIMARY_APPS and enabled():
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: objects read from either may be related.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA
