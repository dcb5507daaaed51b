"""The ``marsad`` command as a user runs it: in a fresh process, with its own data folder."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MARSAD = [sys.executable, "-m", "marsad.cli"]


def run(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MARSAD, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def clean_env(tmp_path) -> dict[str, str]:
    """The environment of a new user: development mode, SQLite in a temporary data folder."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MARSAD_", "DATABASE_", "SECRET_", "ALLOWED_"))
        and k not in {"DEBUG"}
    }
    env["MARSAD_DATA_DIR"] = str(tmp_path / "var")
    return env


@pytest.fixture
def production_env(clean_env) -> dict[str, str]:
    return {
        **clean_env,
        "MARSAD_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "observatory.example.org",
        "EMAIL_HOST": "smtp.example.org",
        "MARSAD_SITE_URL": "https://observatory.example.org",
        "MARSAD_ENCRYPTION_KEYS": "Lr5Pq0P7dXgm2p7rV9uE1sKkJ0cQyS3m3mB8eHn0aXs=",
        "MARSAD_HASH_KEY": secrets.token_urlsafe(48),
    }


def test_help_lists_marsad_commands(clean_env):
    result = run(["--help"], clean_env)
    assert result.returncode == 0
    for command in ("demo", "serve", "worker", "seed_demo", "migrate", "check"):
        assert f"    {command}\n" in result.stdout


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("DATABASE_URL", "nonsense", "marsad: configuration error: DATABASE_URL: expected a URL"),
        ("DEBUG", "maybe", "marsad: configuration error: DEBUG: expected a boolean"),
        ("MARSAD_ENV", "staging", "marsad: configuration error: MARSAD_ENV: expected one of"),
        ("SESSION_COOKIE_AGE", "10", "marsad: configuration error: SESSION_COOKIE_AGE: must be at"),
        (
            "MARSAD_SITE_URL",
            "observatory.example.org",
            "marsad: configuration error: MARSAD_SITE_URL: expected an address such as https://",
        ),
        (
            "NEWSLETTER_BATCH_SIZE",
            "0",
            "marsad: configuration error: NEWSLETTER_BATCH_SIZE: must be at least 1",
        ),
    ],
)
def test_malformed_setting_stops_with_one_line(clean_env, name, value, expected):
    result = run(["check"], {**clean_env, name: value})
    assert result.returncode == 2
    assert result.stderr.startswith(expected)
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_production_refuses_to_start_without_secret_key(production_env):
    del production_env["SECRET_KEY"]
    result = run(["check"], production_env)
    assert result.returncode == 2
    assert result.stderr == (
        "marsad: configuration error: SECRET_KEY: required when MARSAD_ENV=production "
        "(set SECRET_KEY or SECRET_KEY_FILE)\n"
    )


def test_production_refuses_a_weak_secret_key(production_env):
    result = run(["check"], {**production_env, "SECRET_KEY": "django-insecure-short"})
    assert result.returncode == 2
    assert "SECRET_KEY: too weak for production" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(production_env):
    del production_env["ALLOWED_HOSTS"]
    result = run(["check"], production_env)
    assert result.returncode == 2
    assert "ALLOWED_HOSTS: required when MARSAD_ENV=production" in result.stderr


def test_production_needs_the_https_site_address_for_links_in_emails(production_env):
    del production_env["MARSAD_SITE_URL"]
    result = run(["check"], production_env)
    assert result.returncode == 2
    assert "MARSAD_SITE_URL: required when email is on in production" in result.stderr
    insecure = {**production_env, "MARSAD_SITE_URL": "http://observatory.example.org"}
    assert run(["check"], insecure).returncode == 2
    assert run(["check"], {**production_env, "EMAIL_ENABLED": "false"}).returncode == 0


def test_production_needs_smtp_or_an_explicit_off(production_env):
    del production_env["EMAIL_HOST"]
    result = run(["check"], production_env)
    assert result.returncode == 2
    assert "EMAIL_HOST: required when EMAIL_ENABLED is on" in result.stderr
    assert run(["check"], {**production_env, "EMAIL_ENABLED": "false"}).returncode == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "MARSAD_ENCRYPTION_KEYS",
            None,
            "MARSAD_ENCRYPTION_KEYS: required when MARSAD_ENV=production",
        ),
        ("MARSAD_HASH_KEY", None, "MARSAD_HASH_KEY: required when MARSAD_ENV=production"),
        ("MARSAD_HASH_KEY", "short", "MARSAD_HASH_KEY: use at least 32 random characters"),
        ("MARSAD_ENCRYPTION_KEYS", "not-a-key", "MARSAD_ENCRYPTION_KEYS: each key must be 32"),
    ],
)
def test_production_needs_real_keys(production_env, name, value, message):
    if value is None:
        del production_env[name]
    else:
        production_env[name] = value
    result = run(["check"], production_env)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_production_refuses_debug(production_env):
    result = run(["check"], {**production_env, "DEBUG": "true"})
    assert result.returncode == 2
    assert "DEBUG: must be off when MARSAD_ENV=production" in result.stderr


def test_check_deploy_is_clean_in_production(production_env):
    result = run(["check", "--deploy", "--fail-level", "WARNING"], production_env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_warns_when_a_proxy_is_declared_but_not_counted(production_env):
    behind = {**production_env, "MARSAD_BEHIND_PROXY": "true"}
    result = run(["check", "--deploy", "--fail-level", "WARNING"], behind)
    assert result.returncode == 1
    assert "(core.W101) MARSAD_BEHIND_PROXY is on but MARSAD_PROXY_COUNT is 0" in result.stderr
    assert "Set MARSAD_PROXY_COUNT to the number of reverse proxies" in result.stderr
    counted = run(
        ["check", "--deploy", "--fail-level", "WARNING"], {**behind, "MARSAD_PROXY_COUNT": "1"}
    )
    assert counted.returncode == 0, counted.stderr
    assert "System check identified no issues (0 silenced)." in counted.stdout


def test_demo_and_seed_demo_are_refused_in_production(production_env):
    for command in (["demo", "--no-serve"], ["seed-demo"]):
        result = run(command, production_env)
        assert result.returncode == 1
        assert "refused when MARSAD_ENV=production" in result.stderr


def test_seed_demo_refuses_a_database_with_data(clean_env):
    assert run(["migrate", "-v", "0"], clean_env).returncode == 0
    first = run(["seed-demo", "--year", "2022", "--violations", "5"], clean_env)
    assert first.returncode == 0, first.stderr
    assert "2022: 5 documented violations" in first.stdout
    again = run(["seed-demo", "--year", "2022", "--violations", "5"], clean_env)
    assert again.returncode == 1
    assert "seed-demo fills an empty database" in again.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode("utf-8")


def test_demo_serves_the_site_and_ctrl_c_stops_everything(clean_env):
    port = _free_port()
    proc = subprocess.Popen(
        [*MARSAD, "demo", "--port", str(port)],
        env=clean_env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        status, body = 0, ""
        while time.monotonic() < deadline:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/en/")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200
        assert '<html lang="en" dir="ltr">' in body
        assert "violations documented in" in body
        _, arabic = _get(f"http://127.0.0.1:{port}/ar/")
        assert '<html lang="ar" dir="rtl">' in arabic
        # Ctrl-C in a terminal reaches the whole process group.
        os.killpg(proc.pid, signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, output
    for username in ("demo-documenter", "demo-coordinator", "demo-analyst", "demo-admin"):
        assert username in output
    assert f"http://127.0.0.1:{port}/ar/" in output
    assert "Stopped." in output
    # Nothing is left listening on the port.
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0
