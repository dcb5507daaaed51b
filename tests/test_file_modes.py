"""The data folder is private to the service user (files 0600 or read-only 0400, folders
0700): what Marsad creates, and what an older installation left open, fixed at start-up with
a message (marsad/core/filemodes.py). Real files, in fresh ``marsad`` processes started with
the usual umask 022, so nothing here depends on the umask of whoever runs the tests."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli import MARSAD, ROOT

# Writes what a running installation writes (the database in WAL mode with its -wal and -shm
# open, an upload, an evidence file, the rate-limit cache) and prints every path's mode.
WRITE_AND_LIST = """
import json, os, stat
from pathlib import Path
from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS t (x)")
    cursor.execute("INSERT INTO t VALUES (1)")
default_storage.save("intake/1/upload.png", ContentFile(b"x"))
storages["evidence"].save("originals/2026/01/item.png", ContentFile(b"x"))
caches["ratelimit"].set("k", 1)
root = Path(settings.DATA_DIR)
modes = {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}
modes["."] = stat.S_IMODE(root.stat().st_mode)
print(json.dumps(modes))
"""


def marsad(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MARSAD, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        umask=0o022,
    )


def modes_under(root: Path) -> dict[str, int]:
    found = {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode) for p in root.rglob("*")}
    found["."] = stat.S_IMODE(root.stat().st_mode)
    return found


def open_to_others(modes: dict[str, int]) -> dict[str, str]:
    return {path: oct(mode) for path, mode in modes.items() if mode & 0o077}


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MARSAD_", "DATABASE_", "SECRET_", "ALLOWED_", "EVIDENCE"))
        and k not in {"DEBUG", "REDIS_URL"}
    }
    return {**keep, "MARSAD_DATA_DIR": str(tmp_path / "var")}


def test_what_marsad_creates_is_private_to_the_service_user(env, tmp_path):
    migrated = marsad(["migrate", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr
    listed = marsad(["shell", "-c", WRITE_AND_LIST], env)
    assert listed.returncode == 0, listed.stderr
    modes = json.loads(listed.stdout.strip().splitlines()[-1])
    # The database with its write-ahead log open, the keys, an upload, evidence, the cache.
    for path in (
        "marsad.sqlite3",
        "marsad.sqlite3-wal",
        "marsad.sqlite3-shm",
        "secret_key",
        "keys/marsad_encryption_keys",
        "keys/marsad_hash_key",
        "media/intake/1/upload.png",
        "evidence/originals/2026/01/item.png",
        "cache/ratelimit",
    ):
        assert path in modes, path
    assert open_to_others(modes) == {}
    assert modes["."] == 0o700
    assert modes["evidence/originals/2026/01/item.png"] == 0o400  # write-once: read-only
    assert modes["evidence/originals/2026/01"] == 0o700

    archive = tmp_path / "backups" / "marsad.tar.gz"
    backed_up = marsad(["backup", str(archive)], env)
    assert backed_up.returncode == 0, backed_up.stderr
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(archive.parent.stat().st_mode) == 0o700


def test_an_installation_left_open_is_made_private_at_start_with_a_message(env, tmp_path):
    assert marsad(["migrate", "-v", "0"], env).returncode == 0
    data = Path(env["MARSAD_DATA_DIR"])
    (data / "media" / "intake" / "3").mkdir(parents=True)
    (data / "media" / "intake" / "3" / "photo.jpg").write_bytes(b"exif and gps")
    (data / "evidence" / "originals").mkdir(parents=True)
    (data / "evidence" / "originals" / "item.jpg").write_bytes(b"exif and gps")
    (data / "marsad.sqlite3-wal").write_bytes(b"")
    # As an installation made before the fix, or copied with another umask, leaves them.
    for path in [data, *data.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    os.chmod(data / "evidence" / "originals" / "item.jpg", 0o444)
    opened = open_to_others(modes_under(data))
    assert len(opened) >= 12

    started = marsad(["check"], env)
    assert started.returncode == 0, started.stderr
    assert open_to_others(modes_under(data)) == {}
    modes = modes_under(data)
    assert modes["."] == modes["media/intake/3"] == 0o700
    assert modes["marsad.sqlite3"] == modes["media/intake/3/photo.jpg"] == 0o600
    assert modes["evidence/originals/item.jpg"] == 0o400
    said = [line for line in started.stderr.splitlines() if "other users" in line]
    assert said == [
        f"marsad: {len(opened)} files and folders in {data} were open to other users of this "
        "machine; they are now private to this user (files 0600, or 0400 when read-only; "
        "folders 0700)."
    ], started.stderr
    # Once private, nothing more is said.
    again = marsad(["check"], env)
    assert again.returncode == 0
    assert "other users" not in again.stderr


def test_the_web_server_makes_an_open_installation_private_and_logs_it(env):
    assert marsad(["migrate", "-v", "0"], env).returncode == 0
    data = Path(env["MARSAD_DATA_DIR"])
    for path in [data, *data.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    loaded = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        umask=0o022,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert open_to_others(modes_under(data)) == {}
    assert "were open to other users of this machine" in loaded.stderr
