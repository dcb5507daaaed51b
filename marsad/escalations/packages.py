"""The package a trusted-partner channel takes for a batch: one JSON document (kept with the
batch when it is sent), the same as CSV, and a PDF summary (``pdf.py``).

Only what the reporters agreed to share goes out: links, account names and evidence come from
reports whose reporter agreed to sharing with the platform (and did not withdraw), besides
the evidence staff added to the violation (with the hashes the evidence app took); the
description is the violation's redacted public summary (or its working title).
"""

from __future__ import annotations

import csv
import io
from typing import IO, Any

from django.db.models import Q
from django.utils import timezone

from marsad.accounts.models import User
from marsad.cases.models import PublicSummary, Violation
from marsad.escalations.models import Batch
from marsad.escalations.selectors import consenting_reports
from marsad.evidence.choices import State
from marsad.evidence.models import EvidenceItem
from marsad.evidence.package import evidence_share_files_build

PACKAGE_FORMAT = "marsad-escalation-package/1"
# The description for the platform: the public summary in the first of these languages.
DESCRIPTION_LANGUAGES = ("en", "ar", "he")

CSV_COLUMNS = (
    "violation",
    "request",
    "type",
    "occurred_on",
    "reported_on",
    "documented_on",
    "description",
    "links",
    "accounts",
    "rule_cited",
    "evidence_sha256",
)


def _evidence_for(violation_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The evidence of each violation, as the package lists it: ``{violation id: [item]}``,
    each item ``{"id", "kind", "sha256", "content_type", "size", "received_at",
    "captured_at", "url"}``, oldest first, with the SHA-256 taken when it arrived.

    From the evidence app: what staff added to the violation (files and captures of links)
    and the files and captures of reports whose reporter agreed to sharing with the platform
    (``consenting_reports``); never what came with a report whose reporter did not agree.
    File names are left out: a reporter's file name can say who they are.
    """
    ids = list(violation_ids)
    reports = consenting_reports(ids).values_list("pk", "violation_id", "violation__merged_into_id")
    owner_of_report = {pk: merged_into or violation for pk, violation, merged_into in reports}
    items = (
        EvidenceItem.objects.filter(state=State.STORED)
        .filter(
            Q(violation_id__in=ids)
            | Q(violation__merged_into_id__in=ids)
            | Q(report_id__in=list(owner_of_report))
        )
        .select_related("violation")
        .order_by("received_at", "pk")
    )
    found: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    seen: dict[int, set[str]] = {pk: set() for pk in ids}
    for item in items:
        if item.violation is not None:
            violation_id = item.violation.merged_into_id or item.violation_id
        else:
            violation_id = owner_of_report.get(item.report_id or 0, 0)
        if violation_id not in found or item.sha256 in seen[violation_id]:
            continue
        seen[violation_id].add(item.sha256)
        found[violation_id].append(
            {
                "id": str(item.public_id),
                "kind": item.kind,
                "sha256": item.sha256,
                "content_type": item.content_type,
                "size": item.size,
                "received_at": timezone.localtime(item.received_at).isoformat(),
                "captured_at": (
                    timezone.localtime(item.captured_at).isoformat() if item.captured_at else None
                ),
                "url": item.source_url or None,
            }
        )
    return found


def _local_day(moment: Any) -> str | None:
    return timezone.localtime(moment).date().isoformat() if moment else None


def _descriptions(violations: list[Violation]) -> dict[int, str]:
    summaries: dict[int, dict[str, str]] = {}
    for violation_id, language, text in PublicSummary.objects.filter(
        violation__in=violations
    ).values_list("violation_id", "language_code", "text"):
        summaries.setdefault(violation_id, {})[language] = text
    found = {}
    for v in violations:
        texts = summaries.get(v.pk, {})
        text = next((texts[code] for code in DESCRIPTION_LANGUAGES if texts.get(code)), v.title)
        found[v.pk] = text.strip()
    return found


def _shared_details(violation_ids: list[int]) -> dict[int, tuple[list[str], list[str]]]:
    """Links and account names from the consenting reports, in the order they came."""
    found: dict[int, tuple[list[str], list[str]]] = {pk: ([], []) for pk in violation_ids}
    rows = (
        consenting_reports(violation_ids)
        .order_by("submitted_at", "pk")
        .values_list("violation_id", "violation__merged_into_id", "links", "account_handle")
    )
    for violation_id, merged_into, links, handle in rows:
        link_list, handles = found[merged_into or violation_id]
        link_list.extend(link for link in links or [] if link not in link_list)
        if handle and handle not in handles:
            handles.append(handle)
    return found


def package_build(batch: Batch) -> dict[str, Any]:
    """The batch's package as plain JSON-ready data (see docs/escalations.md)."""
    items = list(batch.items.select_related("violation__violation_type").order_by("violation_id"))
    violations = [item.violation for item in items]
    ids = [v.pk for v in violations]
    descriptions = _descriptions(violations)
    details = _shared_details(ids)
    evidence = _evidence_for(ids)
    entries = []
    for item in items:
        v = item.violation
        links, accounts = details[v.pk]
        entries.append(
            {
                "violation": v.pk,
                "request": item.request,
                "type": v.violation_type.slug if v.violation_type else None,
                "occurred_on": v.occurred_on.isoformat() if v.occurred_on else None,
                "occurred_on_approximate": v.occurred_on_approximate,
                "reported_on": _local_day(v.reported_at),
                "documented_on": _local_day(v.documented_at),
                "description": descriptions[v.pk],
                "links": links,
                "accounts": accounts,
                "rule_cited": v.rule_cited,
                "evidence": evidence[v.pk],
            }
        )
    return {
        "format": PACKAGE_FORMAT,
        "batch": batch.pk,
        "platform": batch.platform.slug,
        "channel": batch.channel,
        "prepared_at": timezone.localtime(batch.created_at).isoformat(),
        "sent_at": timezone.localtime(batch.sent_at).isoformat() if batch.sent_at else None,
        "reference": batch.reference,
        "count": len(entries),
        "items": entries,
    }


def package_of(batch: Batch) -> dict[str, Any]:
    """The package as it was sent, or as it would be sent now for a draft."""
    return batch.package if batch.package is not None else package_build(batch)


def package_files(batch: Batch, *, actor: User) -> IO[bytes]:
    """The files of the evidence the package lists, as a zip the platform may have
    (``evidence_share_files_build``: copies without hidden data, named by evidence id, no
    names of reporters or staff); the package says which items (only those of reporters who
    agreed to share with the platform, and what staff added). Each file sent is written into
    its item's chain of custody with the batch."""
    listed = [entry["id"] for item in package_of(batch)["items"] for entry in item["evidence"]]
    items = {str(i.public_id): i for i in EvidenceItem.objects.filter(public_id__in=listed)}
    return evidence_share_files_build(
        items=[items[public_id] for public_id in listed if public_id in items],
        actor=actor,
        reason=f"files for {batch.platform.slug}, batch {batch.pk}",
        detail={"batch": batch.pk},
    )


def package_csv(package: dict[str, Any]) -> str:
    """One row per violation; lists (links, accounts, hashes) one per line inside the cell.
    Starts with a byte-order mark so that spreadsheet programs read the Arabic and Hebrew."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for item in package["items"]:
        writer.writerow(
            [
                _cell(item["violation"]),
                item["request"],
                _cell(item["type"]),
                _cell(item["occurred_on"]),
                _cell(item["reported_on"]),
                _cell(item["documented_on"]),
                _cell(item["description"]),
                "\n".join(_cell(link) for link in item["links"]),
                "\n".join(_cell(a) for a in item["accounts"]),
                _cell(item["rule_cited"]),
                "\n".join(e["sha256"] for e in item["evidence"]),
            ]
        )
    return out.getvalue()


def _cell(value: Any) -> str:
    """Text for a CSV cell; a leading = + - @ is escaped so no spreadsheet runs it."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
