"""Evidence encrypted at rest (``EVIDENCE_ENCRYPT=true``), in a streaming format.

A file is sealed with its own random 256-bit key (AES-GCM), in chunks of 1 MiB, so a video of
hundreds of megabytes is never held in memory. The file key is wrapped with the site's
``MARSAD_ENCRYPTION_KEYS`` (Fernet) and written in the file's header; every key that ever
sealed evidence must stay in that list (files are write-once, so they are not re-sealed when
the keys rotate: the newest key seals new files, older ones still open old files).

Layout: ``MSDEV1`` | 2-byte length | wrapped key | 8-byte nonce prefix | chunks. Chunk *i* is
``AESGCM(key).encrypt(prefix + i (4 bytes), plaintext, aad)`` with ``aad = b"last"`` for the
final chunk and ``b""`` otherwise, so chunks cannot be reordered, dropped or the file cut
short without the read failing. Hashes of evidence are always of the plaintext.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Iterator
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from marsad.core import crypto

MAGIC = b"MSDEV1"
CHUNK = 1024 * 1024
TAG = 16


class SealBroken(OSError):
    """The sealed file was altered, cut short or cannot be opened with the site's keys."""


def seal(source: IO[bytes], target: IO[bytes]) -> int:
    """Write ``source`` sealed into ``target``; the plaintext size."""
    key = AESGCM.generate_key(bit_length=256)
    wrapped = crypto.fernet().encrypt(key)
    prefix = os.urandom(8)
    target.write(MAGIC + struct.pack(">H", len(wrapped)) + wrapped + prefix)
    aead = AESGCM(key)
    size = 0
    index = 0
    current = source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if current else b""
        last = not following
        nonce = prefix + struct.pack(">I", index)
        target.write(aead.encrypt(nonce, current, b"last" if last else b""))
        size += len(current)
        if last:
            return size
        current, index = following, index + 1


def _chunks(sealed: IO[bytes]) -> Iterator[bytes]:
    if sealed.read(len(MAGIC)) != MAGIC:
        raise SealBroken("not a sealed evidence file")
    (length,) = struct.unpack(">H", sealed.read(2))
    try:
        key = crypto.fernet().decrypt(sealed.read(length))
    except crypto.InvalidToken as exc:
        raise SealBroken("no key of MARSAD_ENCRYPTION_KEYS opens this file") from exc
    prefix = sealed.read(8)
    aead = AESGCM(key)
    index = 0
    current = sealed.read(CHUNK + TAG)
    while True:
        following = sealed.read(CHUNK + TAG) if len(current) == CHUNK + TAG else b""
        last = not following
        nonce = prefix + struct.pack(">I", index)
        try:
            yield aead.decrypt(nonce, current, b"last" if last else b"")
        except InvalidTag as exc:
            raise SealBroken("the sealed file was altered or cut short") from exc
        if last:
            return
        current, index = following, index + 1


class Unsealing(io.RawIOBase):
    """A readable stream of the plaintext of a sealed file (seek(0) starts again)."""

    def __init__(self, sealed: IO[bytes]) -> None:
        self._sealed = sealed
        self._restart()

    def _restart(self) -> None:
        self._sealed.seek(0)
        self._chunks = _chunks(self._sealed)
        self._buffer = b""
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        # Only forward reads and seek(0): callers that need the size (a response's
        # Content-Length) must not seek to the end of a stream that decrypts as it goes.
        return False

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_CUR:
            offset += self._position
        elif whence != io.SEEK_SET:
            raise io.UnsupportedOperation("sealed evidence can only be read from a position")
        if offset < self._position:
            self._restart()
        while self._position < offset:
            if not self.read(min(CHUNK, offset - self._position)):
                break
        return self._position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
            if not self._buffer:
                continue
        count = min(len(buffer), len(self._buffer))
        buffer[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        self._position += count
        return count

    def close(self) -> None:
        self._sealed.close()
        super().close()
