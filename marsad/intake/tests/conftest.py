from pathlib import Path

import pytest


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A fresh, empty upload folder for the test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
