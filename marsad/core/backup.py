"""Backups of Marsad: the database and the file stores in one archive, and their restore.

An archive is a tar file (gzip-compressed when its name ends in ``.gz``) holding:

- ``database/marsad.sqlite3`` (SQLite, copied with SQLite's online backup API, which gives a
  consistent copy while the web server and worker keep writing in WAL mode) or
  ``database/marsad.pgdump`` (PostgreSQL, ``pg_dump --format=custom`` of an exported
  snapshot, so the row counts in the manifest are those of the dump);
- ``files/media/...`` (reporters' uploads, the default storage) and ``files/evidence/...``
  (the evidence store, when it is the local one; an S3 bucket is backed up by the bucket's own
  versioning and replication, and the manifest says it was left out);
- ``manifest.json`` (last): format, app version, database engine, applied migrations, row
  counts per table, and the SHA-256 and size of every other member.

Sessions are left out (``LEFT_OUT``): a session key signs in whoever holds it, past the
password and the second factor; after a restore everyone signs in again.

The encryption keys (``MARSAD_ENCRYPTION_KEYS``), the hash key (``MARSAD_HASH_KEY``) and
``SECRET_KEY`` are never in an archive: the manifest carries only short fingerprints of them,
so a restore can tell whether the keys it runs with are the ones the data needs. Without the
encryption keys a restored database's contact details and names cannot be read; without the
hash key no receipt code works.

A restore checks everything before it changes anything: every member against the manifest's
checksums, the migrations against those this code knows (an archive from a newer version is
refused), the engine, and that the target database and folders are empty (unless ``force``).
It extracts into staging places beside the targets and then swaps them in; PostgreSQL is
restored in one transaction that also checks the row counts, so a failure leaves the
database as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from marsad.core import backuphold
from marsad.core.dbsettings import database_settings_apply

FORMAT = "marsad-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Tables whose rows are never in an archive: a session key is a bearer credential (a staff
# member's session has passed the second factor, a reporter's the receipt code), and after a
# restore everyone signs in again anyway.
LEFT_OUT = ("django_session",)
SQLITE_MEMBER = "database/marsad.sqlite3"
PG_MEMBER = "database/marsad.pgdump"
CHUNK = 1024 * 1024
TABLE_RE = re.compile(r"^[A-Za-z0-9_]{1,63}$")
# Tables a plain ``migrate`` fills (content types, permissions, the staff roles' groups, the
# default vocabularies): rows in them do not make a database "non-empty" for a restore.
SET_UP_BY_MIGRATE = (
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "taxonomy_",
    "activities_advocacytarget",
    "activities_topic",
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class Store:
    """A folder of files that goes into the archive under ``files/<name>/``."""

    name: str
    path: Path | None
    storage: str
    note: str = ""


@dataclass
class Outcome:
    archive: Path
    manifest: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def app_version() -> str:
    try:
        return metadata.version("marsad")
    except metadata.PackageNotFoundError:  # pragma: no cover - always installed with -e .
        return "unknown"


def key_id(key: str) -> str:
    """A short fingerprint of a key: enough to tell keys apart, useless to recover one."""
    return hashlib.sha256(f"marsad-backup-key-id:{key}".encode()).hexdigest()[:16]


def _engine(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def stores() -> list[Store]:
    """The file stores of this installation (the keys under the data folder are not one)."""
    uploads = storages["default"]
    if not isinstance(uploads, FileSystemStorage):
        raise BackupError("backups need the uploads (the default storage) on the file system")
    media = Store("media", Path(uploads.location), "local")
    evidence_store = storages["evidence"]
    if isinstance(evidence_store, FileSystemStorage):
        evidence = Store("evidence", Path(evidence_store.location), "local")
    else:
        evidence = Store(
            "evidence",
            None,
            settings.EVIDENCE_STORAGE,
            note=(
                "The evidence store is an S3 bucket and is not in this archive: back it up "
                "with the bucket's versioning and replication (docs/deployment.md)."
            ),
        )
    return [media, evidence]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _key_paths() -> set[Path]:
    data = Path(settings.DATA_DIR)
    return {(data / "keys").resolve(), (data / "secret_key").resolve()}


def _store_files(root: Path) -> Iterator[Path]:
    """Regular files under ``root`` (symbolic links are not followed; the keys are skipped)."""
    skip = _key_paths()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if (here / d).resolve() not in skip)
        for name in sorted(filenames):
            path = here / name
            if path.is_symlink() or not path.is_file() or path.resolve() in skip:
                continue
            if backuphold.is_marker(path):
                continue
            yield path


# --- database: copy out -------------------------------------------------------------------


def _pg_params(alias: str = DEFAULT_DB_ALIAS) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore/psql, and the environment (password)."""
    db = settings.DATABASES[alias]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} was not found: install postgresql-client (the server's major version)"
        )
    return found


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.strip()[-2000:]}")


def _sqlite_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: int(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])  # noqa: S608  # nosec B608
            for t in sorted(tables)
            if TABLE_RE.match(t)
        }


def _sqlite_copy(target: Path) -> dict[str, int]:
    """Copy the live SQLite database with the online backup API; the copy's row counts."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection()
    source = connection.connection
    with closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
        # A file complete in itself (no write-ahead log beside it); the server turns WAL back
        # on when it opens the restored database.
        copy.execute("PRAGMA journal_mode=DELETE")
        # The rows of LEFT_OUT, overwritten in the file rather than only unlinked.
        copy.execute("PRAGMA secure_delete=ON")
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master")}
        for table in LEFT_OUT:
            if table in tables:
                copy.execute(f'DELETE FROM "{table}"')  # noqa: S608  # nosec B608
        copy.commit()
    return _sqlite_counts(target)


def _pg_copy(target: Path) -> dict[str, int]:
    """pg_dump in custom format of a snapshot in which the rows are counted as well."""
    import psycopg

    connection = connections[DEFAULT_DB_ALIAS]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    args, env = _pg_params()
    with psycopg.connect(**params) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts = {
            t: 0
            if t in LEFT_OUT
            else int(conn.execute(f'SELECT count(*) FROM public."{t}"').fetchone()[0])  # type: ignore[index]  # noqa: S608  # nosec B608
            for t in tables
            if TABLE_RE.match(t)
        }
        _run(
            [
                _tool("pg_dump"),
                *args,
                "--format=custom",
                *(f"--exclude-table-data=public.{t}" for t in LEFT_OUT),
                f"--snapshot={snapshot}",
                f"--file={target}",
                str(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"]),
            ],
            env,
            "pg_dump",
        )
        conn.rollback()
    return counts


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    recorder = MigrationRecorder(connections[DEFAULT_DB_ALIAS])
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


# --- the archive -----------------------------------------------------------------------------


class _Hashing:
    """A file object that hashes what is read through it (to check a file did not change
    between being listed and being archived)."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict[str, Any]:
    info = tar.gettarinfo(str(path), arcname=arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with path.open("rb") as handle:
        hashing = _Hashing(handle)
        tar.addfile(info, hashing)
    if hashing.size != info.size:
        raise BackupError(f"{path} changed while it was being archived; run the backup again")
    return {"sha256": hashing.digest.hexdigest(), "size": info.size}


def backup(archive: Path, *, progress: Callable[[str], None] = lambda _: None) -> Outcome:
    """Write a backup archive of the database and the local file stores."""
    engine = _engine()
    archive = archive.resolve()
    if archive.exists():
        raise BackupError(f"{archive} already exists; choose a new name")
    for store in stores():
        if store.path is not None and archive.is_relative_to(store.path.resolve()):
            raise BackupError(f"{archive} is inside the {store.name} store; write it elsewhere")
    archive.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    warnings: list[str] = []
    partial = archive.with_name(f".{archive.name}.partial")
    mode = "w:gz" if archive.name.endswith(".gz") else "w"
    # Uploads are not deleted while it runs (the database copy may name them).
    with tempfile.TemporaryDirectory(prefix="marsad-backup-") as work, backuphold.hold():
        members: dict[str, dict[str, Any]] = {}
        old_umask = os.umask(0o077)
        try:
            with tarfile.open(partial, mode) as tar:  # type: ignore[call-overload]
                progress(f"database ({engine})")
                migrations = _applied_migrations()
                if engine == "sqlite":
                    member, copy = SQLITE_MEMBER, Path(work) / "db.sqlite3"
                    counts = _sqlite_copy(copy)
                else:
                    member, copy = PG_MEMBER, Path(work) / "db.pgdump"
                    counts = _pg_copy(copy)
                members[member] = _add_file(tar, copy, member)
                copy.unlink()
                store_entries: dict[str, dict[str, Any]] = {}
                for store in stores():
                    entry: dict[str, Any] = {"storage": store.storage, "included": False}
                    if store.path is not None:
                        progress(f"files: {store.name} ({store.path})")
                        n = size = 0
                        if store.path.is_dir():
                            for path in _store_files(store.path):
                                rel = path.relative_to(store.path).as_posix()
                                name = f"files/{store.name}/{rel}"
                                members[name] = _add_file(tar, path, name)
                                n += 1
                                size += members[name]["size"]
                        entry.update(included=True, files=n, bytes=size)
                    else:
                        entry["note"] = store.note
                        warnings.append(store.note)
                    store_entries[store.name] = entry
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "app_version": app_version(),
                    "database": {"engine": engine, "member": member},
                    "migrations": migrations,
                    "counts": counts,
                    "stores": store_entries,
                    "members": members,
                    "keys": {
                        "included": False,
                        "encryption_key_ids": [key_id(k) for k in settings.MARSAD_ENCRYPTION_KEYS],
                        "hash_key_id": key_id(settings.MARSAD_HASH_KEY),
                        "note": (
                            "MARSAD_ENCRYPTION_KEYS, MARSAD_HASH_KEY and SECRET_KEY are not in "
                            "this archive: back them up separately. Without the encryption keys "
                            "the contact details and names in it cannot be read; without the "
                            "hash key no receipt code works."
                        ),
                    },
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mode = 0o600
                info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
                tar.addfile(info, io.BytesIO(data))
            with partial.open("rb") as handle:
                os.fsync(handle.fileno())
            # The service user's alone, whatever umask the command was started with.
            os.chmod(partial, 0o600)
            partial.rename(archive)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        finally:
            os.umask(old_umask)
    return Outcome(archive=archive, manifest=manifest, warnings=warnings)


# --- restore -------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in name
        and "\x00" not in name
        and name == path.as_posix()
    )


def read_manifest(archive: Path) -> dict[str, Any]:
    """The archive's manifest, checked for shape; a damaged archive raises BackupError."""
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    try:
        with tarfile.open(archive, "r:*") as tar:
            try:
                member = tar.getmember(MANIFEST)
            except KeyError:
                raise BackupError(
                    f"{archive}: no manifest (the archive is truncated or not a Marsad backup)"
                ) from None
            handle = tar.extractfile(member)
            if handle is None or member.size > 64 * 1024 * 1024:
                raise BackupError(f"{archive}: the manifest is not a regular file")
            manifest = json.loads(handle.read().decode("utf-8"))
    except (tarfile.TarError, EOFError, OSError, zlib_error()) as exc:
        raise BackupError(f"{archive}: not a readable archive ({exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(f"{archive}: the manifest is damaged") from None
    _check_manifest(manifest)
    return manifest


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def _check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a Marsad backup (the manifest's format is not marsad-backup)")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"backup format {manifest.get('format_version')!r} is not one this version of "
            f"Marsad reads ({FORMAT_VERSION}); restore it with the version that wrote it"
        )
    members = manifest.get("members")
    db = manifest.get("database")
    counts = manifest.get("counts")
    migrations = manifest.get("migrations")
    if (
        not isinstance(members, dict)
        or not isinstance(db, dict)
        or not isinstance(counts, dict)
        or not isinstance(migrations, dict)
        or db.get("engine") not in ("sqlite", "postgresql")
        or db.get("member") not in members
    ):
        raise BackupError("the manifest is incomplete")
    for name, entry in members.items():
        if (
            not isinstance(name, str)
            or not _safe_member_name(name)
            or not (name.startswith(("files/media/", "files/evidence/")) or name == db["member"])
            or not isinstance(entry, dict)
            or not re.fullmatch(r"[0-9a-f]{64}", str(entry.get("sha256", "")))
            or not isinstance(entry.get("size"), int)
        ):
            raise BackupError(f"the manifest lists a member it may not: {name!r}")
    for table, count in counts.items():
        if not isinstance(table, str) or not TABLE_RE.match(table) or not isinstance(count, int):
            raise BackupError(f"the manifest's row counts are damaged ({table!r})")
    for app, names in migrations.items():
        if not isinstance(app, str) or not isinstance(names, list):
            raise BackupError("the manifest's migration state is damaged")


def _unknown_migrations(manifest: dict[str, Any]) -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    known = set(loader.disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    ]


def _pending_migrations(manifest: dict[str, Any]) -> int:
    loader = MigrationLoader(None, ignore_no_migrations=True, load=True)
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    return len(set(loader.disk_migrations) - applied)


def _user_rows(counts: dict[str, int]) -> dict[str, int]:
    return {
        table: n for table, n in counts.items() if n and not table.startswith(SET_UP_BY_MIGRATE)
    }


def _live_counts() -> dict[str, int]:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            if not TABLE_RE.match(table):
                continue
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  # nosec B608
            counts[table] = int(cursor.fetchone()[0])
    return counts


def _nonempty_dir(path: Path | None) -> bool:
    return path is not None and path.is_dir() and any(path.iterdir())


def _extract(
    archive: Path, manifest: dict[str, Any], places: dict[str, Path], db_place: Path
) -> None:
    """Extract every member to its staging place, checking its size and SHA-256."""
    expected = manifest["members"]
    seen: set[str] = set()
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected:
                    raise BackupError(
                        f"the archive holds {member.name!r}, which its manifest does not list"
                    )
                if not member.isreg():
                    raise BackupError(f"{member.name!r} is not a regular file")
                if member.name in seen:
                    raise BackupError(f"{member.name!r} appears twice in the archive")
                entry = expected[member.name]
                if member.name == manifest["database"]["member"]:
                    target = db_place
                else:
                    _files, store, rel = member.name.split("/", 2)
                    target = places[store] / rel
                target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                source = tar.extractfile(member)
                if source is None:  # pragma: no cover - isreg() above
                    raise BackupError(f"{member.name!r} cannot be read")
                digest = hashlib.sha256()
                size = 0
                with open(target, "xb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                    raise BackupError(
                        f"{member.name}: checksum mismatch (the archive is damaged or was altered)"
                    )
                os.chmod(target, (member.mode & 0o700) or 0o600)
                seen.add(member.name)
    except (tarfile.TarError, EOFError, OSError, zlib_error()) as exc:
        raise BackupError(f"{archive}: the archive is damaged or truncated ({exc})") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(
            f"the archive is truncated: {len(missing)} member(s) in the manifest are missing "
            f"(first: {missing[0]})"
        )


def _psql_counts_check(counts: dict[str, int]) -> str:
    # Table names are checked against TABLE_RE when the manifest is read.
    lines = []
    for t, n in sorted(counts.items()):
        check = f'SELECT count(*) FROM public."{t}"'  # noqa: S608  # nosec B608
        lines.append(
            f"  IF ({check}) <> {int(n)} THEN "
            f"RAISE EXCEPTION 'restored row count of {t} differs from the manifest'; END IF;"
        )
    checks = "\n".join(lines)
    return f"DO $marsad$\nBEGIN\n{checks}\nEND\n$marsad$;\n"


def _restore_pg(dump: Path, counts: dict[str, int], work: Path) -> None:
    args, env = _pg_params()
    name = str(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
    # The dump's table of contents must read (pg_restore checks the file's structure).
    _run([_tool("pg_restore"), "--list", str(dump)], env, "reading the database dump")
    script = work / "restore.sql"
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--file={script}",
            str(dump),
        ],
        env,
        "pg_restore",
    )
    prelude = work / "prelude.sql"
    creates = re.search(r"^CREATE SCHEMA public;$", script.read_text("utf-8"), re.M) is not None
    prelude.write_text(
        "DROP SCHEMA IF EXISTS public CASCADE;\n" + ("" if creates else "CREATE SCHEMA public;\n"),
        encoding="utf-8",
    )
    check = work / "check.sql"
    check.write_text(_psql_counts_check(counts), encoding="utf-8")
    connections.close_all()
    # One transaction: the old schema is dropped, the dump loaded and the row counts checked
    # together, or nothing happens.
    _run(
        [
            _tool("psql"),
            *args,
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set=ON_ERROR_STOP=1",
            f"--dbname={name}",
            f"--file={prelude}",
            f"--file={script}",
            f"--file={check}",
        ],
        env,
        "restoring the database",
    )


def _restore_sqlite(staged: Path, counts: dict[str, int]) -> None:
    target = Path(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
    try:
        with closing(sqlite3.connect(staged)) as db:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
        restored = _sqlite_counts(staged)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the database in the archive cannot be opened: {exc}") from None
    if result != "ok":
        raise BackupError(f"the database in the archive fails SQLite's integrity check: {result}")
    if restored != counts:
        raise BackupError("the database in the archive does not hold the manifest's row counts")
    connections.close_all()
    # The old database's write-ahead log must not be applied to the new file.
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)


@dataclass
class Restored:
    manifest: dict[str, Any]
    warnings: list[str]
    replaced: list[Path]
    pending_migrations: int


def restore(
    archive: Path, *, force: bool = False, progress: Callable[[str], None] = lambda _: None
) -> Restored:
    """Restore an archive into this installation's database and file stores."""
    archive = archive.resolve()
    manifest = read_manifest(archive)
    engine = _engine()
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"the archive holds a {manifest['database']['engine']} database and this "
            f"installation uses {engine}; restore it into the same kind of database"
        )
    unknown = _unknown_migrations(manifest)
    if unknown:
        raise BackupError(
            f"the archive comes from a newer version of Marsad (app version "
            f"{manifest.get('app_version')}): {len(unknown)} migration(s) unknown here, such as "
            f"{unknown[0]}; upgrade Marsad first, then restore"
        )
    targets = {s.name: s for s in stores()}
    warnings: list[str] = []
    for name, entry in manifest.get("stores", {}).items():
        if name not in targets:
            raise BackupError(f"the archive has a store this version does not know: {name!r}")
        store = targets[name]
        if entry.get("included") and store.path is None:
            raise BackupError(
                f"the archive holds the {name} files but this installation keeps them in "
                f"{store.storage}; restore with EVIDENCE_STORAGE=local, then copy them over"
            )
        if not entry.get("included") and entry.get("note"):
            warnings.append(str(entry["note"]))
    if not force:
        rows = _user_rows(_live_counts())
        if rows:
            sample = ", ".join(f"{t}: {n}" for t, n in sorted(rows.items())[:3])
            raise BackupError(
                f"the database is not empty ({sample} ...); restore into an empty database, "
                "or pass --force to replace it"
            )
        for store in targets.values():
            if _nonempty_dir(store.path) and manifest["stores"].get(store.name, {}).get("included"):
                raise BackupError(
                    f"the {store.name} folder {store.path} is not empty; restore into an empty "
                    "data folder, or pass --force to replace it (the old folder is kept aside)"
                )
    ids = manifest.get("keys", {})
    if ids.get("encryption_key_ids") and not set(ids["encryption_key_ids"]) & {
        key_id(k) for k in settings.MARSAD_ENCRYPTION_KEYS
    }:
        warnings.append(
            "None of this installation's MARSAD_ENCRYPTION_KEYS is a key the backup was made "
            "with: contact details and names will not be readable until the right keys are set."
        )
    if ids.get("hash_key_id") and ids["hash_key_id"] != key_id(settings.MARSAD_HASH_KEY):
        warnings.append(
            "MARSAD_HASH_KEY differs from the one the backup was made with: receipt codes will "
            "not work until it is set back."
        )

    # Staging places beside the targets (same file system, so the swap is a rename).
    token = os.urandom(4).hex()
    places: dict[str, Path] = {}
    for name, store in targets.items():
        if store.path is not None and manifest["stores"].get(name, {}).get("included"):
            store.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            places[name] = store.path.with_name(f".{store.path.name}.restore-{token}")
    work = Path(tempfile.mkdtemp(prefix="marsad-restore-"))
    if engine == "sqlite":
        db_target = Path(settings.DATABASES[DEFAULT_DB_ALIAS]["NAME"])
        db_place = db_target.with_name(f".{db_target.name}.restore-{token}")
    else:
        db_place = work / "db.pgdump"
    replaced: list[Path] = []
    try:
        for place in places.values():
            place.mkdir(mode=0o700)
        progress("checking and extracting the archive")
        _extract(archive, manifest, places, db_place)
        progress("restoring the database")
        if engine == "sqlite":
            _restore_sqlite(db_place, manifest["counts"])
        else:
            _restore_pg(db_place, manifest["counts"], work)
            # A dump holds the schema and the rows, not the database's own settings.
            for statement in database_settings_apply(connections[DEFAULT_DB_ALIAS]):
                warnings.append(
                    "This database role does not own the database: ask its administrator to "
                    f"run {statement}; (docs/deployment.md, PostgreSQL)."
                )
        progress("restoring the files")
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        for name, place in places.items():
            target = targets[name].path
            if target is None:  # pragma: no cover - places only holds local stores
                continue
            if target.exists():
                if any(target.iterdir()):
                    aside = target.with_name(f"{target.name}.before-restore-{stamp}")
                    target.rename(aside)
                    replaced.append(aside)
                else:
                    target.rmdir()
            place.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for place in places.values():
            if place.exists():
                _rmtree_readonly(place)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db_place}{suffix}").unlink(missing_ok=True)
    return Restored(
        manifest=manifest,
        warnings=warnings,
        replaced=replaced,
        pending_migrations=_pending_migrations(manifest),
    )


def _rmtree_readonly(path: Path) -> None:
    def writable(func: Callable[..., Any], name: str, _exc: Any) -> None:
        os.chmod(os.path.dirname(name), 0o700)
        os.chmod(name, 0o600)
        func(name)

    shutil.rmtree(path, onexc=writable)
