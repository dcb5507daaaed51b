"""The reporter-safety settings (docs/configuration.md, "Reporter safety") stop start-up with
one clear line when malformed, as every setting does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def check(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MARSAD_", "DATABASE_", "SECRET_", "ALLOWED_", "INTAKE_"))
        and k != "DEBUG"
    }
    env.update(MARSAD_DATA_DIR=str(tmp_path / "var"), **variables)
    return subprocess.run(
        [sys.executable, "-m", "marsad.cli", "check"],
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
    ],
)
def test_a_malformed_setting_stops_start_up(tmp_path, name, value, expected):
    result = check(tmp_path, **{name: value})
    assert result.returncode == 2
    assert result.stderr == f"marsad: configuration error: {expected}\n"
