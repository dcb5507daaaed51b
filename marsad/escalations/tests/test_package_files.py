"""The files that go to a platform with a batch: copies that carry no hidden data, under no
name a reporter gave, without staff names, and only from reporters who agreed to share with
the platform.

Until these existed, the only way to give a platform the files was the violation's evidence
package, offered "for lawyers and platforms": the originals as received (a phone photo's
GPS position, its camera, a comment), the reporters' own file names, staff names and
reasons in the chain of custody, and the files of reporters who had not agreed to sharing.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from marsad.accounts.models import User
from marsad.escalations import services
from marsad.escalations.choices import Channel, Request
from marsad.escalations.tests.factories import documented
from marsad.evidence.choices import Action
from marsad.evidence.models import CustodyEvent, EvidenceItem
from marsad.evidence.tests.conftest import jpeg_with_metadata, upload
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel as ReportChannel
from marsad.intake.choices import TriageState, Trust
from marsad.intake.models import Report
from marsad.intake.services import ReportData
from marsad.intake.tests.factories import pdf_bytes
from marsad.intake.uploads import check_upload
from marsad.taxonomy.models import Platform

pytestmark = pytest.mark.django_db(transaction=True)

SECRETS = (
    b"Ahmad-Nasser",
    b"PhoneMaker",
    b"Model X",
    b"taken at home",
    b"test-coordinator",
    b"case-worker",
    b"private words",
)


def reported(violation, *, share: bool, name: str, data: bytes) -> Report:
    """A report with one file, taken into the evidence store on arrival, attached to the
    violation."""
    report = intake_services.report_submit(
        data=ReportData(
            description="private words of the reporter",
            language="ar",
            consent_share_with_platform=share,
        ),
        files=[check_upload(upload(name, data))],
        channel=ReportChannel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=f"files:{name}",
    ).report
    Report.objects.filter(pk=report.pk).update(
        violation=violation, triage_state=TriageState.ATTACHED
    )
    return report


@pytest.fixture
def batch(coordinator, vocabularies_reseeded):
    violation = documented()
    agreed = reported(
        violation, share=True, name="Ahmad-Nasser-home.jpg", data=jpeg_with_metadata()
    )
    reported(violation, share=True, name="Ahmad-Nasser-letter.pdf", data=pdf_bytes())
    refused = reported(violation, share=False, name="other.jpg", data=jpeg_with_metadata((40, 40)))
    assert EvidenceItem.objects.count() == 3
    return (
        services.batch_create(
            platform=Platform.objects.get(slug="instagram"),
            channel=Channel.TRUSTED_PARTNER_FORM,
            items=[(violation, Request.RESTORE_CONTENT)],
            actor=User.objects.get(username="test-coordinator"),
        ),
        EvidenceItem.objects.get(report=agreed),
        EvidenceItem.objects.get(report=refused),
    )


def files_of(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    raw = b"".join(response.streaming_content)
    for secret in SECRETS:
        assert secret not in raw, secret
    return zipfile.ZipFile(io.BytesIO(raw))


def test_the_platform_gets_copies_without_hidden_data_and_without_names(coordinator, batch):
    found, photo, refused = batch
    archive = files_of(coordinator.post(f"/staff/escalations/batches/{found.pk}/files.zip"))
    manifest = json.loads(archive.read("files.json"))
    image_path = f"files/{photo.public_id}.jpg"
    assert sorted(archive.namelist()) == ["files.json", image_path]
    image = Image.open(io.BytesIO(archive.read(image_path)))
    assert image.size == (64, 48)
    assert not image.getexif()
    assert "comment" not in image.info
    assert [entry["id"] for entry in manifest["files"]] == [str(photo.public_id)]
    assert manifest["files"][0]["sha256_at_arrival"] == photo.sha256
    # The PDF has no copy without its hidden data (author, software): listed, not sent.
    (held,) = manifest["not_included"]
    assert held["kind"] == "file"
    assert held["content_type"] == "application/pdf"
    # Nothing of the report whose reporter did not agree, not even its id.
    assert str(refused.public_id) not in json.dumps(manifest)
    exported = CustodyEvent.objects.filter(action=Action.EXPORTED)
    assert [(e.item_id, e.actor.username) for e in exported] == [(photo.pk, "test-coordinator")]
    assert f"batch {found.pk}" in exported.get().reason


@pytest.mark.parametrize("persona", ["documenter", "analyst", "anonymous"])
def test_only_those_who_escalate_take_the_files(persona_client, batch, persona):
    found = batch[0]
    client = persona_client(persona) if persona != "anonymous" else Client()
    response = client.post(f"/staff/escalations/batches/{found.pk}/files.zip")
    assert response.status_code in (302, 403)
    assert not CustodyEvent.objects.filter(action=Action.EXPORTED).exists()


def test_the_violations_evidence_package_says_it_is_not_for_platforms(coordinator, batch):
    violation = batch[0].items.get().violation
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = coordinator.get(f"/staff/violations/{violation.pk}/").content.decode()
    assert "Evidence package for lawyers" in html
    assert "lawyers and platforms" not in html
    assert "never send it to a platform" in html
