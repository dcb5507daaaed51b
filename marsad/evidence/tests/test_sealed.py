"""Evidence encrypted at rest: round trips at every chunk boundary, tampering and truncation
detected, and the whole pipeline (store, verify, package) working on sealed files."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from marsad.evidence import sealed
from marsad.evidence.models import EvidenceItem
from marsad.evidence.storage import evidence_storage
from marsad.evidence.tests.conftest import jpeg_with_metadata, submit_report

SIZES = [0, 1, sealed.CHUNK - 1, sealed.CHUNK, sealed.CHUNK + 1, 3 * sealed.CHUNK + 5]


def sealed_bytes(data: bytes) -> bytes:
    out = io.BytesIO()
    assert sealed.seal(io.BytesIO(data), out) == len(data)
    return out.getvalue()


def unseal(data: bytes) -> bytes:
    return sealed.Unsealing(io.BytesIO(data)).read()


@pytest.mark.parametrize("size", SIZES)
def test_round_trip(size):
    data = os.urandom(size)
    box = sealed_bytes(data)
    assert box.startswith(sealed.MAGIC)
    assert len(data) < 16 or data not in box
    assert unseal(box) == data
    stream = sealed.Unsealing(io.BytesIO(box))
    stream.read(7)
    stream.seek(0)
    assert stream.read() == data


def test_a_changed_byte_is_detected():
    box = bytearray(sealed_bytes(b"evidence" * 1000))
    box[-20] ^= 1
    with pytest.raises(sealed.SealBroken):
        unseal(bytes(box))


def test_a_file_cut_at_a_chunk_boundary_is_detected():
    box = sealed_bytes(os.urandom(2 * sealed.CHUNK + 10))
    header = len(sealed.MAGIC) + 2 + int.from_bytes(box[6:8], "big") + 8
    cut = box[: header + 2 * (sealed.CHUNK + sealed.TAG)]
    with pytest.raises(sealed.SealBroken):
        unseal(cut)


def test_another_sites_key_cannot_open_it(settings):
    box = sealed_bytes(b"secret")
    settings.MARSAD_ENCRYPTION_KEYS = ["6dJvq2Jx2i8tV3-2vWf8n2r7Zl3v9v1kq2w7Jt0bX1Q="]
    with pytest.raises(sealed.SealBroken):
        unseal(box)


@pytest.fixture
def sealed_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "marsad.evidence.storage.WriteOnceFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "sealed"), "sealed": True},
        },
    }
    return tmp_path / "sealed"


@pytest.mark.django_db(transaction=True)
def test_the_pipeline_on_sealed_storage(sealed_storage, capsys):
    photo = jpeg_with_metadata()
    report = submit_report("sealed", files=[("IMG.jpg", photo)])
    item = EvidenceItem.objects.get(report=report)
    on_disk = (sealed_storage / item.original.name).read_bytes()
    assert on_disk.startswith(sealed.MAGIC)
    assert b"PhoneMaker" not in on_disk
    with evidence_storage().open(item.original.name, "rb") as handle:
        assert handle.read() == photo
    call_command("evidence", "verify")
    assert "0 problem(s)" in capsys.readouterr().out
    path = sealed_storage / item.original.name
    os.chmod(path, 0o600)
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        call_command("evidence", "verify")
    assert f"MISMATCH {item.public_id} original" in capsys.readouterr().err
