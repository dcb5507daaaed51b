"""The data folder belongs to the service user alone: files 0600 (0400 when read-only, as
evidence is), folders 0700, in demo and production alike.

Everything under ``MARSAD_DATA_DIR`` is about people who may be at risk: the SQLite database
and its write-ahead log (reports' words), uploads and evidence (photos with their GPS
positions), the generated keys, the rate-limit cache. Another account on the same machine
must not read any of it.

- ``private_umask()`` runs first in every entry point (the ``marsad`` command, which
  ``marsad serve`` and ``marsad worker`` go through, and the WSGI/ASGI modules), so what the
  process creates (SQLite's files, uploads, caches, keys, backups) is private from the start.
- ``make_private()`` runs once Django is set up and takes group and other permissions away
  from what an older installation (or a copy made with another umask) left open: the data
  folder and each folder Marsad keeps its files in (uploads, evidence, the SQLite file's
  folder), with everything in them when the folder itself was open, otherwise the entries
  directly inside (keys, the database and its -wal and -shm, the stores). A closed folder
  (0700) already keeps others out of everything below it, so a start-up costs a few
  ``stat`` calls. Collected static files (``STATIC_ROOT``) are public and left as they are.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS

logger = logging.getLogger(__name__)

UMASK = 0o077
MESSAGE = (
    "%(count)d files and folders in %(where)s were open to other users of this machine; "
    "they are now private to this user (files 0600, or 0400 when read-only; folders 0700)."
)


def private_umask() -> None:
    """New files 0600 and folders 0700 for the rest of this process (and what it starts)."""
    os.umask(UMASK)


def _roots() -> list[Path]:
    """The folders Marsad keeps private data in, the data folder first."""
    roots = [Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT)]
    evidence = storages["evidence"]
    if isinstance(evidence, FileSystemStorage):
        roots.append(Path(evidence.location))
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        roots.append(Path(str(database["NAME"])).parent)
    seen: list[Path] = []
    for root in roots:
        if root not in seen:
            seen.append(root)
    return seen


def _database_files() -> list[Path]:
    database = settings.DATABASES[DEFAULT_DB_ALIAS]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return []
    name = str(database["NAME"])
    return [Path(f"{name}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]


def _below(root: Path, skip: Path | None) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = [d for d in dirnames if skip is None or (here / d).resolve() != skip]
        for name in [*dirnames, *filenames]:
            yield here / name


def _close(path: Path) -> bool:
    """Take group and other permissions away; True if there were any."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode) or not stat.S_IMODE(info.st_mode) & 0o077:
        return False
    mode = stat.S_IMODE(info.st_mode) & 0o700
    if stat.S_ISDIR(info.st_mode):
        mode |= 0o700
    try:
        os.chmod(path, mode)
    except PermissionError:  # another user's file (a command run by hand as someone else)
        return False
    return True


def make_private() -> dict[Path, int]:
    """Close what is open to other users: how many files and folders were changed, per
    folder (only folders where something was)."""
    static = Path(settings.STATIC_ROOT).resolve() if settings.STATIC_ROOT else None
    changed: dict[Path, int] = {}
    for root in _roots():
        if not root.is_dir() or root.is_symlink():
            continue
        was_open = bool(stat.S_IMODE(root.stat().st_mode) & 0o077)
        count = int(_close(root))
        entries = _below(root, static) if was_open else root.iterdir()
        for entry in entries:
            if static is None or entry.resolve() != static:
                count += _close(entry)
        if count:
            changed[root] = count
    database = _database_files()
    if database:
        count = sum(_close(path) for path in database)
        if count:
            folder = database[0].parent
            changed[folder] = changed.get(folder, 0) + count
    return changed


def private_message(changed: dict[Path, int]) -> str:
    """One line for the operator (paths of folders, nothing from inside them)."""
    return MESSAGE % {
        "count": sum(changed.values()),
        "where": ", ".join(str(folder) for folder in changed),
    }


def make_private_logged() -> None:
    """``make_private`` for the web server, which says so in its log rather than on a
    terminal."""
    changed = make_private()
    if changed:
        logger.warning(private_message(changed))
