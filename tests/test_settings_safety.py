"""The reporter-safety settings (docs/configuration.md, "Reporter safety") stop start-up with
one clear line when malformed, as every setting does."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ONION_HOST = "32kzkutnias4wcpvpxgzv7yi4wkyhmxggt6omgojkfv6ltx6hxzqgayd.onion"
PRODUCTION = {
    "MARSAD_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "observatory.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "MARSAD_SITE_URL": "https://observatory.example.org",
    "MARSAD_ENCRYPTION_KEYS": "Lr5Pq0P7dXgm2p7rV9uE1sKkJ0cQyS3m3mB8eHn0aXs=",
    "MARSAD_HASH_KEY": secrets.token_urlsafe(48),
}


def check(tmp_path: Path, *args: str, **variables: str) -> subprocess.CompletedProcess:
    """``marsad check ARGS`` in a fresh process with only ``variables`` set."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MARSAD_", "DATABASE_", "SECRET_", "ALLOWED_", "INTAKE_"))
        and k not in ("DEBUG", "CSRF_TRUSTED_ORIGINS", "EMAIL_HOST")
    }
    env.update(MARSAD_DATA_DIR=str(tmp_path / "var"), **variables)
    return subprocess.run(
        [sys.executable, "-m", "marsad.cli", "check", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        (
            "MARSAD_QUICK_EXIT_URL",
            "www.example.org",
            "MARSAD_QUICK_EXIT_URL: expected a web address such as https://www.example.org/, "
            "got 'www.example.org'",
        ),
        (
            "MARSAD_ONION_URL",
            "http://expyuzz4wqqyqhjn.onion",
            "MARSAD_ONION_URL: expected the address of a Tor onion service, such as "
            "http://<56 letters and digits>.onion, got 'http://expyuzz4wqqyqhjn.onion'",
        ),
        (
            "INTAKE_FIRST_RESPONSE_DAYS",
            "0",
            "INTAKE_FIRST_RESPONSE_DAYS: must be at least 1, got 0",
        ),
        (
            "MARSAD_CONTACT_EMAIL",
            "help at example.org",
            "MARSAD_CONTACT_EMAIL: expected an email address, got 'help at example.org'",
        ),
        (
            "MARSAD_CONTACT_PHONE",
            "call +970 59 123 4567",
            "MARSAD_CONTACT_PHONE: expected a value such as +970 59 123 4567, "
            "got 'call +970 59 123 4567'",
        ),
        (
            "MARSAD_CONTACT_SIGNAL",
            "https://signal.me/#p/+970591234567",
            "MARSAD_CONTACT_SIGNAL: expected a value such as +970 59 123 4567 or marsad.01, "
            "got 'https://signal.me/#p/+970591234567'",
        ),
    ],
)
def test_a_malformed_setting_stops_start_up(tmp_path, name, value, expected):
    result = check(tmp_path, **{name: value})
    assert result.returncode == 2
    assert result.stderr == f"marsad: configuration error: {expected}\n"


def test_production_serves_the_onion_address_and_passes_the_deployment_checks(tmp_path):
    variables = {**PRODUCTION, "MARSAD_ONION_URL": f"http://{ONION_HOST}/"}
    result = check(tmp_path, "--deploy", "--fail-level", "WARNING", **variables)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    script = (
        "import json, django; from django.conf import settings; django.setup(); print(json.dumps("
        "[settings.MARSAD_ONION_URL, settings.ALLOWED_HOSTS, settings.CSRF_TRUSTED_ORIGINS]))"
    )
    env = {**os.environ, **variables, "MARSAD_DATA_DIR": str(tmp_path / "var")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env.pop("CSRF_TRUSTED_ORIGINS", None)
    shown = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == [
        f"http://{ONION_HOST}",
        ["observatory.example.org", ONION_HOST],
        [f"http://{ONION_HOST}"],
    ]
