"""core.inserts: a row written by ``insert`` is the row Django's ``create()`` writes."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import signals
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from marsad.core import inserts
from marsad.core.inserts import insert
from marsad.intake.models import Report, ReportKey
from marsad.taxonomy.models import Platform, Region, ViolationType

pytestmark = pytest.mark.django_db


def report_fields(**overrides):
    values = {
        "submitted_at": timezone.now(),
        "channel": "web_form",
        "language": "ar",
        "trust": "normal",
        "triage_state": "new",
        "original": {"description": "حُذف منشوري", "links": ["https://x.com/a/1"], "n": 3},
        "description": "حُذف منشوري \u202eعن غزة",
        "violation_type": ViolationType.objects.get(slug="content-removal"),
        "platform": Platform.objects.get(slug="facebook"),
        "region": Region.objects.get(slug="gaza-strip"),
        "links": ["https://x.com/a/1", "https://www.facebook.com/p/2"],
        "account_handle": "@someone",
        "occurred_on": dt.date(2023, 10, 9),
        "occurred_on_approximate": True,
        "victim_name": "مؤسسة الحق",
        "consent_share_with_platform": True,
        "receipt_hash": "r" * 64,
        "submission_hash": "s" * 64,
        "submission_fingerprint": "f" * 16,
    }
    values.update(overrides)
    return values


def stored(pk):
    """The row as the database holds it (encrypted text as stored), without its key."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Report._meta.db_table} WHERE id = %s", [pk])  # noqa: S608
        names = [column[0] for column in cursor.description]
        row = dict(zip(names, cursor.fetchone(), strict=True))
    row.pop("id")
    return row


def test_the_row_is_the_one_create_writes():
    when = timezone.now()
    by_orm = Report.objects.create(**report_fields(submitted_at=when))
    ours = Report(
        **report_fields(submitted_at=when, receipt_hash="q" * 64, submission_hash="t" * 64)
    )
    insert([ours])
    assert ours.pk is not None
    assert ours.pk != by_orm.pk
    assert not ours._state.adding
    assert ours._state.db == "default"
    orm_row, our_row = stored(by_orm.pk), stored(ours.pk)
    # The encrypted name differs (a fresh nonce each time) but reads back the same.
    assert orm_row.pop("victim_name") != "مؤسسة الحق"
    assert our_row.pop("victim_name") != "مؤسسة الحق"
    for row in (orm_row, our_row):
        row.pop("receipt_hash"), row.pop("submission_hash")
    assert our_row == orm_row
    again = Report.objects.get(pk=ours.pk)
    assert again.victim_name == "مؤسسة الحق"
    assert again.original == report_fields()["original"]
    assert again.links == ["https://x.com/a/1", "https://www.facebook.com/p/2"]
    assert again.occurred_on == dt.date(2023, 10, 9)
    assert again.platform.slug == "facebook"


def test_several_rows_in_one_statement_each_with_its_own_key():
    report = Report(**report_fields())
    insert([report])
    keys = [
        ReportKey(report=report, kind=ReportKey.Kind.LINK, value=f"https://x.com/{i}")
        for i in range(7)
    ]
    with CaptureQueriesContext(connection) as queries:
        insert(keys)
    assert len(queries) == (1 if connection.vendor == "postgresql" else 7)
    for key in keys:
        assert ReportKey.objects.get(pk=key.pk).value == key.value
    assert ReportKey.objects.filter(report=report).count() == 7


def test_more_rows_than_one_statement_holds(monkeypatch):
    monkeypatch.setattr(inserts, "ROWS_PER_STATEMENT", 3)
    report = Report(**report_fields())
    insert([report])
    keys = [ReportKey(report=report, kind=ReportKey.Kind.HANDLE, value=f"h{i}") for i in range(8)]
    insert(keys)
    assert sorted(ReportKey.objects.filter(report=report).values_list("pk", "value")) == sorted(
        (key.pk, key.value) for key in keys
    )


def test_a_unique_value_already_there_is_djangos_integrity_error_and_nothing_is_written():
    insert([Report(**report_fields())])
    before = Report.objects.count()
    same_submission = Report(**report_fields(receipt_hash="w" * 64))
    with transaction.atomic():
        insert([Report(**report_fields(submission_hash="u" * 64, receipt_hash="v" * 64))])
        with pytest.raises(IntegrityError), transaction.atomic():
            insert([same_submission])
        transaction.set_rollback(True)
    assert Report.objects.count() == before


def test_an_unsaved_related_object_is_refused_as_save_refuses_it():
    with pytest.raises(ValueError, match="unsaved related object"):
        insert([ReportKey(report=Report(**report_fields()), kind="link", value="x")])
    assert not ReportKey.objects.exists()


def test_wrong_input_is_refused():
    saved = Report.objects.create(**report_fields())
    with pytest.raises(ValueError, match="new instances of one model"):
        insert([saved])
    with pytest.raises(ValueError, match="new instances of one model"):
        insert([Report(**report_fields()), ReportKey(report=saved, kind="link", value="x")])
    insert([])


def test_a_model_with_save_receivers_goes_through_save():
    seen = []

    def receiver(sender, instance, created, **kwargs):
        seen.append((instance.value, created))

    signals.post_save.connect(receiver, sender=ReportKey)
    try:
        report = Report(**report_fields())
        insert([report])
        keys = [ReportKey(report=report, kind="link", value=v) for v in ("a", "b")]
        insert(keys)
    finally:
        signals.post_save.disconnect(receiver, sender=ReportKey)
    assert seen == [("a", True), ("b", True)]
    assert all(key.pk for key in keys)
