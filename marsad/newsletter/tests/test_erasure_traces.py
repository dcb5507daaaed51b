"""An erased subscriber leaves nothing in the SQLite files: not the encrypted address, its
keyed hash or the key of their links (``core.dbsettings.erasure_checkpoint_on_commit``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.newsletter import services
from marsad.newsletter.models import Subscriber
from marsad.newsletter.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def database_bytes() -> bytes:
    name = Path(connection.settings_dict["NAME"])
    return b"".join(
        path.read_bytes() for path in (name, name.with_name(f"{name.name}-wal")) if path.exists()
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own files")
def test_an_erased_subscriber_leaves_no_trace_in_the_sqlite_files():
    subscriber = factories.subscriber("erase.trace@example.org")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, email_hash, key FROM newsletter_subscriber WHERE id = %s",
            [subscriber.pk],
        )
        stored = [value.encode() for value in cursor.fetchone()]
    assert all(value in database_bytes() for value in stored)

    services.subscriber_erase(
        subscriber=subscriber, user=make_user(Role.ADMIN), reason="asked by email"
    )

    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()
    left = database_bytes()
    assert [value[:12] for value in stored if value in left] == []
