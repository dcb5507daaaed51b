"""Settings for the test suite: the real settings with fast hashing and inline tasks."""

import os
import tempfile

os.environ.setdefault("MARSAD_ENV", "test")
os.environ.setdefault("MARSAD_DATA_DIR", tempfile.mkdtemp(prefix="marsad-test-"))

from config.settings import *  # noqa: F403
from config.settings import DATA_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Email is on, kept in django.core.mail.outbox; tests of email off switch EMAIL_ENABLED off.
EMAIL_ENABLED = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_AUTOREFRESH = True
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ratelimit",
    },
}
INTAKE_POW_MAX_NUMBER = 1000
# The API fuzzing sends thousands of reads; the rate-limit test lowers this again.
OBSERVATORY_API_LIMIT_PER_MINUTE = 1_000_000
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file rather than memory, so that the worker tests can run `marsad worker` in another
    # process on the same database (marsad/newsletter/tests/test_worker.py).
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}  # noqa: F405
# Tests run inside transactions: a health check between "requests" (schemathesis calls the
# WSGI application directly) must not close the test's connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405
# A replica alias that mirrors the test database, for the routing tests
# (marsad/core/tests/test_replica.py); public reads go there only where a test switches
# DATABASE_REPLICA_READS on.
DATABASES["replica"] = {  # noqa: F405
    **DATABASES["default"],  # noqa: F405
    "TEST": {"MIRROR": "default"},
}
DATABASE_REPLICA_READS = False
# Tests capture pages from servers they start on 127.0.0.1; screenshots only where a test asks.
EVIDENCE_CAPTURE_ALLOW_PRIVATE = True
EVIDENCE_CAPTURE_SCREENSHOT = False
EVIDENCE_CAPTURE_BACKOFF_SECONDS = 1
