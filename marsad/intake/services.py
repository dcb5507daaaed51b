"""Writes for intake: reports with their files and contact, follow-up, withdrawal, tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from marsad.accounts.models import User
from marsad.cases.choices import EventKind
from marsad.cases.events import event_record, events_erase_questions
from marsad.cases.publication import publication_follow_consent
from marsad.core import crypto
from marsad.core.dbsettings import erasure_checkpoint_on_commit
from marsad.core.inserts import insert
from marsad.evidence.services import evidence_delete_for_report, evidence_report_received
from marsad.intake import tasks
from marsad.intake.choices import Channel, FileSource, MessageDirection, TriageState, Trust
from marsad.intake.errors import IdempotencyConflict, ReportWithdrawn
from marsad.intake.models import (
    Contact,
    PartnerToken,
    Report,
    ReporterMessage,
    ReportFile,
    ReportKey,
)
from marsad.intake.receipts import receipt_code_for, receipt_hash
from marsad.intake.uploads import CheckedFile
from marsad.taxonomy.models import PerpetratorType, Platform, Region, VictimType, ViolationType

logger = logging.getLogger(__name__)


@dataclass
class ContactData:
    method: str = ""
    email: str = ""
    phone: str = ""
    signal: str = ""
    preferred_language: str = ""

    def is_empty(self) -> bool:
        return not (self.email or self.phone or self.signal)


@dataclass
class ReportData:
    """A validated report, from the form or the API."""

    description: str
    language: str
    violation_type: ViolationType | None = None
    platform: Platform | None = None
    links: list[str] = field(default_factory=list)
    account_handle: str = ""
    occurred_on: dt.date | None = None
    occurred_on_approximate: bool = False
    target: str = ""
    victim_type: VictimType | None = None
    victim_name: str = ""
    region: Region | None = None
    perpetrator_type: PerpetratorType | None = None
    perpetrator_details: str = ""
    platform_notified: str = ""
    platform_rule: str = ""
    appealed: str = ""
    appeal_result: str = ""
    consent_contact: bool = False
    consent_share_with_platform: bool = False
    consent_publish: bool = False
    contact: ContactData = field(default_factory=ContactData)
    send_receipt_by_email: bool = False

    def as_original(self) -> dict[str, object]:
        """What the reporter sent, as plain JSON (contact details left out: they are kept
        encrypted in Contact only)."""
        return {
            "description": self.description,
            "language": self.language,
            "violation_type": self.violation_type.slug if self.violation_type else None,
            "platform": self.platform.slug if self.platform else None,
            "links": self.links,
            "account_handle": self.account_handle,
            "occurred_on": self.occurred_on.isoformat() if self.occurred_on else None,
            "occurred_on_approximate": self.occurred_on_approximate,
            "target": self.target,
            "victim_type": self.victim_type.slug if self.victim_type else None,
            "region": self.region.slug if self.region else None,
            "perpetrator_type": self.perpetrator_type.slug if self.perpetrator_type else None,
            "perpetrator_details": self.perpetrator_details,
            "platform_notified": self.platform_notified,
            "platform_rule": self.platform_rule,
            "appealed": self.appealed,
            "appeal_result": self.appeal_result,
            "consent_contact": self.consent_contact,
            "consent_share_with_platform": self.consent_share_with_platform,
            "consent_publish": self.consent_publish,
        }


@dataclass(frozen=True)
class Submitted:
    report: Report
    receipt_code: str
    created: bool


def _store_files(report: Report, files: list[CheckedFile], source: str, written: list[str]) -> None:
    now = timezone.now()
    for checked in files:
        row = ReportFile(
            report=report,
            original_name=checked.original_name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            source=source,
            received_at=now,
        )
        row.file.save(checked.original_name or "upload", checked.upload, save=False)
        written.append(str(row.file.name))
        row.save()


def _delete_files(names: list[str]) -> None:
    for name in names:
        if not name:
            continue  # already deleted once the evidence store held it (evidence/work.py)
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("could not delete an orphan upload")


def report_submit(
    *,
    data: ReportData,
    files: list[CheckedFile],
    channel: Channel,
    trust: Trust,
    submission_material: str,
    fingerprint: str = "",
    partner: User | None = None,
) -> Submitted:
    """Save a report, its files and contact together, or nothing at all.

    ``submission_material`` is the secret that identifies this submission (the form's
    one-time id plus a fingerprint of its content, or ``api:<partner>:<Idempotency-Key>``).
    Submitting the same material again returns the report already made, with the same
    receipt code; for the API, a different body under the same key raises
    ``IdempotencyConflict``.
    """
    submission_hash = crypto.keyed_hash("submission", submission_material)
    code = receipt_code_for(submission_material)
    # No look-up first: the unique submission hash turns a repeat into an IntegrityError,
    # which finds the report already made (one query less for every new report).
    written: list[str] = []
    body_done = False
    try:
        with transaction.atomic():
            report = Report(
                submitted_at=timezone.now(),
                channel=channel,
                language=data.language,
                trust=trust,
                triage_state=TriageState.SPAM if trust == Trust.SUSPECT else TriageState.NEW,
                original=data.as_original(),
                description=data.description,
                violation_type=data.violation_type,
                platform=data.platform,
                links=data.links,
                account_handle=data.account_handle,
                occurred_on=data.occurred_on,
                occurred_on_approximate=data.occurred_on_approximate,
                target=data.target,
                victim_type=data.victim_type,
                victim_name=data.victim_name,
                region=data.region,
                perpetrator_type=data.perpetrator_type,
                perpetrator_details=data.perpetrator_details,
                platform_notified=data.platform_notified,
                platform_rule=data.platform_rule,
                appealed=data.appealed,
                appeal_result=data.appeal_result,
                consent_contact=data.consent_contact,
                consent_share_with_platform=data.consent_share_with_platform,
                consent_publish=data.consent_publish,
                receipt_hash=receipt_hash(code),
                submission_hash=submission_hash,
                submission_fingerprint=fingerprint,
                partner=partner,
            )
            # A surge repeats these two writes: their statements are built once (core.inserts).
            insert([report])
            insert(
                [
                    ReportKey(report=report, kind=ReportKey.Kind.LINK, value=link[:255])
                    for link in dict.fromkeys(data.links)
                ]
                + (
                    [
                        ReportKey(
                            report=report,
                            kind=ReportKey.Kind.HANDLE,
                            value=data.account_handle[:255],
                        )
                    ]
                    if data.account_handle
                    else []
                )
            )
            if not data.contact.is_empty():
                Contact.objects.create(
                    report=report,
                    method=data.contact.method,
                    email=data.contact.email,
                    phone=data.contact.phone,
                    signal=data.contact.signal,
                    preferred_language=data.contact.preferred_language,
                )
            _store_files(report, files, FileSource.REPORT, written)
            evidence_report_received(report=report, files=bool(files))
            if data.send_receipt_by_email and data.contact.email and settings.EMAIL_ENABLED:
                sealed = crypto.encrypt(code)
                language = data.contact.preferred_language or data.language
                transaction.on_commit(
                    lambda: tasks.send_receipt_email.enqueue(report.pk, sealed, language)
                )
            body_done = True
    except IntegrityError:
        _discard_files(written, body_done)
        # The same submission again (a double click, a retry, or two at the same moment).
        existing = _existing(submission_hash, fingerprint)
        if existing is None:
            raise
        return Submitted(report=existing, receipt_code=code, created=False)
    except BaseException:
        _discard_files(written, body_done)
        raise
    return Submitted(report=report, receipt_code=code, created=True)


def _discard_files(names: list[str], body_done: bool) -> None:
    """After a failed save: delete the files written for it, unless the failure came after
    the transaction's body, at its commit or in an on-commit step (the database went away):
    the rows may then be saved, and deleting their files would leave rows without files. The
    files are kept and their names written down beside them; the worker deletes those that no
    row names once the database answers again (``uploads_settle``)."""
    if not body_done:
        _delete_files(names)
    elif names:
        logger.warning(
            "a report's save failed at or after its commit: its %d file(s) are kept", len(names)
        )
        try:
            default_storage.save(
                f"{UNSETTLED_DIR}/{uuid.uuid4().hex}.json",
                ContentFile(json.dumps({"files": names}).encode()),
            )
        except OSError:
            logger.exception("could not note the kept uploads for the worker to settle")


# Where the names of uploads kept after a save whose outcome was unknown wait for the worker
# (in the file store itself: it was writable a moment before, the database was not).
UNSETTLED_DIR = "intake-unsettled"
# How long a note waits before it is settled: long enough for the save's outcome to be final.
UNSETTLED_GRACE = dt.timedelta(minutes=2)


def uploads_settle(*, now: dt.datetime | None = None) -> int:
    """Delete the kept uploads of failed saves that no report file row names (their report
    was not saved after all); the files of saved reports stay. How many were deleted. Run by
    the worker's sweep; while the database is away it raises, and the next sweep tries again."""
    now = now or timezone.now()
    try:
        _folders, notes = default_storage.listdir(UNSETTLED_DIR)
    except FileNotFoundError:
        return 0
    deleted = 0
    for note in sorted(notes):
        path = f"{UNSETTLED_DIR}/{note}"
        if not note.endswith(".json") or default_storage.get_modified_time(path) > now - (
            UNSETTLED_GRACE
        ):
            continue
        with default_storage.open(path, "rb") as handle:
            try:
                listed = json.load(handle).get("files", [])
            except (ValueError, AttributeError):
                listed = []
        names = [n for n in listed if isinstance(n, str) and n.startswith("intake/")]
        named = set(ReportFile.objects.filter(file__in=names).values_list("file", flat=True))
        for name in names:
            if name not in named and default_storage.exists(name):
                default_storage.delete(name)
                deleted += 1
        default_storage.delete(path)
    if deleted:
        logger.warning("%d upload(s) of reports that were not saved were deleted", deleted)
    return deleted


def _existing(submission_hash: str, fingerprint: str) -> Report | None:
    report = Report.objects.filter(submission_hash=submission_hash).first()
    if report is not None and report.submission_fingerprint != fingerprint:
        raise IdempotencyConflict()
    return report


def report_add_information(*, report: Report, text: str, files: list[CheckedFile]) -> None:
    """The reporter adds words and/or files from the follow-up page."""
    if report.triage_state == TriageState.WITHDRAWN:
        raise ReportWithdrawn()
    written: list[str] = []
    body_done = False
    try:
        with transaction.atomic():
            if text:
                ReporterMessage.objects.create(
                    report=report, direction=MessageDirection.FROM_REPORTER, body=text
                )
            _store_files(report, files, FileSource.FOLLOW_UP, written)
            if files:
                evidence_report_received(report=report, files=True, links=False)
            if report.violation is not None:
                event_record(
                    violation=report.violation,
                    kind=EventKind.NOTE,
                    actor=None,
                    at=timezone.now(),
                    after={"report": report.pk, "files": len(files), "message": bool(text)},
                    note="The reporter added information at follow-up.",
                )
            body_done = True
    except BaseException:
        _discard_files(written, body_done)
        raise


def report_ask_reporter(*, report: Report, author: User, body: str) -> ReporterMessage:
    """Staff ask the reporter a question; it appears on the follow-up page."""
    if report.triage_state == TriageState.WITHDRAWN:
        raise ReportWithdrawn()
    with transaction.atomic():
        message = ReporterMessage.objects.create(
            report=report, direction=MessageDirection.TO_REPORTER, body=body, author=author
        )
        if report.violation is not None:
            event_record(
                violation=report.violation,
                kind=EventKind.NOTE,
                actor=author,
                at=timezone.now(),
                after={"report": report.pk, "question": True},
                note=body,
            )
    return message


def report_withdraw(*, report: Report) -> None:
    """The reporter withdraws: contact, files, messages and their words are deleted, and the
    questions put to them leave the timeline; an empty row stays so counts and the
    violation's timeline keep their history. A published
    violation left with no consenting report is unpublished in the same transaction."""
    if report.triage_state == TriageState.WITHDRAWN:
        return
    names = list(report.files.values_list("file", flat=True))
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.triage_state == TriageState.WITHDRAWN:
            return
        questions = list(
            ReporterMessage.objects.filter(
                report=locked, direction=MessageDirection.TO_REPORTER
            ).values_list("body", flat=True)
        )
        if locked.violation_id is not None:
            events_erase_questions(
                report_id=locked.pk, violation_id=locked.violation_id, questions=questions
            )
        Contact.objects.filter(report=locked).delete()
        ReportKey.objects.filter(report=locked).delete()
        evidence_delete_for_report(report=locked, reason="withdrawn by the reporter")
        ReportFile.objects.filter(report=locked).delete()
        ReporterMessage.objects.filter(report=locked).delete()
        now = timezone.now()
        Report.objects.filter(pk=locked.pk).update(
            triage_state=TriageState.WITHDRAWN,
            withdrawn_at=now,
            description="",
            original={},
            links=[],
            account_handle="",
            victim_name="",
            perpetrator_details="",
            platform_rule="",
            consent_contact=False,
            consent_share_with_platform=False,
            consent_publish=False,
        )
        if locked.violation is not None:
            event_record(
                violation=locked.violation,
                kind=EventKind.NOTE,
                actor=None,
                at=now,
                after={"report": locked.pk, "withdrawn": True},
                note="The reporter withdrew the report and its data.",
            )
            # Without this report's consent the case may have to leave the public site: in
            # this transaction, so the reporter is never told "withdrawn" while it is public.
            publication_follow_consent(violation_ids=[locked.violation_id], at=now)
        transaction.on_commit(lambda: _delete_files(names))
        erasure_checkpoint_on_commit()
    report.refresh_from_db()


def partner_token_create(*, user: User, name: str) -> tuple[PartnerToken, str]:
    """A new API token for a partner; the raw token is returned once and never stored."""
    raw = f"msd_{secrets.token_urlsafe(32)}"
    token = PartnerToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:12],
        token_hash=hashlib.sha256(raw.encode()).hexdigest(),
    )
    return token, raw


def partner_token_revoke(*, token: PartnerToken) -> None:
    PartnerToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def personal_data_reencrypt(*, batch_size: int = 500) -> int:
    """Re-encrypt every encrypted value with the first (newest) key; returns rows rewritten.

    Values are read with any configured key and written back with the first, so after this
    the old key can be removed from MARSAD_ENCRYPTION_KEYS.
    """
    rewritten = 0
    encrypted: list[tuple[type[models.Model], list[str]]] = [
        (Contact, ["email", "phone", "signal"]),
        (Report, ["victim_name"]),
    ]
    for model, fields in encrypted:
        last_pk = 0
        while True:
            with transaction.atomic():
                rows = list(
                    model._default_manager.select_for_update()
                    .filter(pk__gt=last_pk)
                    .order_by("pk")
                    .only("pk", *fields)[:batch_size]
                )
                if not rows:
                    break
                # Saving writes each decrypted value again, now under the newest key.
                model._default_manager.bulk_update(rows, fields)
                rewritten += len(rows)
                last_pk = rows[-1].pk
    return rewritten
