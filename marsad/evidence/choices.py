"""Kinds, states and custody actions of evidence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    FILE = "file", _("file")
    CAPTURE = "capture", _("web capture")


class State(models.TextChoices):
    """A file is stored on arrival; a capture waits, runs, is retried or fails."""

    PENDING = "pending", _("waiting to be captured")
    CAPTURING = "capturing", _("being captured")
    RETRY = "retry", _("will be tried again")
    STORED = "stored", _("stored")
    FAILED = "failed", _("capture failed")


# The states a capture may be claimed from by a worker (CAPTURING only once its lease ran out).
CLAIMABLE = (State.PENDING, State.RETRY)


class Action(models.TextChoices):
    """What the chain of custody records (Berkeley Protocol: collected, hashed, viewed,
    copied, exported, shared, deleted)."""

    COLLECTED = "collected", _("collected")
    CAPTURED = "captured", _("captured from the web")
    SANITISED = "sanitised", _("safe copy made")
    VIEWED = "viewed", _("safe copy viewed")
    DOWNLOADED = "downloaded", _("original downloaded")
    EXPORTED = "exported", _("exported in a package")
    VERIFIED_MISMATCH = "mismatch", _("hash mismatch found")
    MISSING = "missing", _("stored file missing")
    DELETED = "deleted", _("deleted")


class SafeCopy(models.TextChoices):
    """Whether a copy without metadata exists for viewing."""

    NONE = "", _("none")
    IMAGE = "image", _("image")
    TEXT = "text", _("text")
