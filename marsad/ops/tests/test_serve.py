"""``marsad serve`` as production runs it: gunicorn with several worker processes, JSON logs,
and metrics added up across the workers (prometheus_client's multiprocess mode)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "serve-test-metrics-token-0123456789abcdef"
REQUESTS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, timeout: float = 60, **headers: str) -> tuple[int, bytes]:
    """A GET that waits for its answer (a request given up on would be counted later)."""
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (a local http URL)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _healthz_count(text: str) -> float:
    total = 0.0
    for line in text.splitlines():
        if line.startswith("marsad_http_requests_total{") and 'route="healthz"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    data = tmp_path / "data"
    (data / "static").mkdir(parents=True)  # as after collectstatic (else WhiteNoise warns)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "PROMETHEUS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        MARSAD_ENV="development",
        DEBUG="false",
        MARSAD_DATA_DIR=str(data),
        MARSAD_LOG_FORMAT="json",
        MARSAD_METRICS_TOKEN=TOKEN,
        WEB_CONCURRENCY="2",
        WEB_THREADS="2",
    )
    log = tmp_path / "serve.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "marsad.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if _get(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"marsad serve did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.3)
    yield base, data / "metrics", log
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_several_workers_answer_and_metrics_add_up_across_them(server):
    base, metrics_dir, log = server
    started = _healthz_count(_get(f"{base}/metrics", Authorization=f"Bearer {TOKEN}")[1].decode())
    for _ in range(REQUESTS):
        status, _body = _get(f"{base}/healthz")
        assert status == 200
    # Whichever worker answers the scrape, it counts every worker's requests.
    for _ in range(6):
        status, body = _get(f"{base}/metrics", Authorization=f"Bearer {TOKEN}")
        assert status == 200
        assert _healthz_count(body.decode()) == started + REQUESTS
    assert _get(f"{base}/metrics")[0] == 403
    # More than one worker process wrote samples (a file per process).
    writers = {re.sub(r"^\w+?_", "", p.stem) for p in metrics_dir.glob("counter_*.db")}
    assert len(writers) >= 2, sorted(metrics_dir.iterdir())

    # The logs: JSON lines from gunicorn and Marsad, access lines without the client address.
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    assert any(r["logger"] == "gunicorn.error" for r in records)
    access = [r for r in records if r["logger"] == "marsad.access" and r["route"] == "healthz"]
    assert len(access) >= REQUESTS
    assert all(len(r["request_id"]) == 32 for r in access)
    assert "127.0.0.1" not in "\n".join(line for line in lines if "marsad.access" in line)
