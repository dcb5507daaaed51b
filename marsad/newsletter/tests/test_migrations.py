"""Migration 0002 takes the subscribers' addresses out of the errors kept before it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from marsad.newsletter.models import Delivery, Mailing
from marsad.newsletter.tests import factories

# Migrations run outside a test transaction: the schema changes must really happen.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("newsletter", "0001_initial")]
AFTER = [("newsletter", "0002_errors_without_addresses")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_the_upgrade_takes_the_addresses_out_of_the_errors_already_kept():
    gone = factories.subscriber("gone.zq7@example.org")
    odd = factories.subscriber("odd.zq7@example.org")
    fine = factories.subscriber("fine@example.org")
    mailing = factories.mailing()
    rows = {
        gone.pk: "550 5.1.1 <gone.zq7@example.org>: Recipient address rejected",
        odd.pk: "Invalid address 'odd.zq7@exa mple.org': invalid address in address-list",
        fine.pk: "451 4.3.0 Try again later",
    }
    for pk, error in rows.items():
        Delivery.objects.create(mailing=mailing, subscriber_id=pk, language="ar", last_error=error)
    Mailing.objects.filter(pk=mailing.pk).update(
        last_error="2026-01-02 10:00 SMTPSenderRefused: (553, b'no', 'list@example.org')"
    )
    _migrate(BEFORE)
    _migrate(AFTER)
    assert dict(Delivery.objects.values_list("subscriber_id", "last_error")) == {
        gone.pk: "550 5.1.1 <address>: Recipient address rejected",
        odd.pk: "The address cannot be put on an envelope.",
        fine.pk: "451 4.3.0 Try again later",
    }
    assert Mailing.objects.get().last_error == (
        "2026-01-02 10:00 SMTPSenderRefused: (553, b'no', '<address>')"
    )
