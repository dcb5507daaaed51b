"""Pieces the benchmarks share: a loopback port, the server's environment, waiting for it,
a reporter's browser session on the report form, and percentiles."""

from __future__ import annotations

import base64
import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
MARSAD = [sys.executable, "-m", "marsad.cli"]
TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT_RE = re.compile(r'class="code"[^>]*><strong>([0-9 ]{16,19})</strong>')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(database_url: str, data_dir: str) -> dict[str, str]:
    """The environment of ``marsad serve`` for a benchmark: DEBUG off, per-client limits
    lifted (every client shares 127.0.0.1)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MARSAD_"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "MARSAD_DATA_DIR": data_dir,
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            # One machine sends everything here: lift the per-client limits for the benchmark.
            "INTAKE_SOFT_LIMIT_PER_HOUR": "100000000",
            "INTAKE_HARD_LIMIT_PER_HOUR": "100000000",
        }
    )
    return env


class Redis:
    """A Redis server of the benchmark's own on a free port, keeping nothing on disk."""

    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="marsad-bench-redis-"))
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise SystemExit("redis-server is not installed (Debian's package redis-server)")
        self.proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_for_port(self.port, 30):
            raise SystemExit("the benchmark's Redis did not start")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"


def production_env(
    database_url: str, data_dir: str, redis: Redis | None, tasks: str, *, pool: bool = False
) -> dict[str, str]:
    """``server_env`` with MARSAD_ENV=production: fresh keys, Redis for the cache and rate
    limits when given, the task queue named, and (``pool``) psycopg's connection pool."""
    env = server_env(database_url, data_dir)
    if pool:
        env["DATABASE_POOL"] = "true"
    if redis is not None:
        env.update({"REDIS_URL": redis.url(0), "TASKS_REDIS_URL": redis.url(1)})
    env["MARSAD_TASKS"] = tasks
    env.update(
        {
            "MARSAD_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "MARSAD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "MARSAD_HASH_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_ENABLED": "false",
            # Plain HTTP on loopback (a TLS proxy stands in front in production).
            "SECURE_SSL_REDIRECT": "false",
            # Under a surge on a shared machine a worker may need more than gunicorn's default
            # 30 s to boot or answer; the clients' own limit is 30 s.
            "GUNICORN_CMD_ARGS": "--timeout 120",
            # A task a killed worker left running is taken up again within the run.
            "TASKS_RUNNING_LEASE_SECONDS": "10",
        }
    )
    return env


def serve(
    env: dict[str, str], data_dir: str, workers: int, *, static: bool, own_session: bool = False
) -> tuple[subprocess.Popen, int, Path]:
    """Migrate, collect the static files (``static``: production serves them by their hashed
    names from the manifest), then start ``marsad serve`` on a free loopback port with its log
    in ``data_dir/server.log`` (``own_session``: in a process group of its own, to be signalled
    as one). Returns the server, its port and its log."""
    subprocess.run([*MARSAD, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    if static:
        subprocess.run(
            [*MARSAD, "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True
        )
    port = free_port()
    log = Path(data_dir) / "server.log"
    server = subprocess.Popen(
        [*MARSAD, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=own_session,
    )
    return server, port, log


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children so far, the live ones and those
    it has reaped (a gunicorn worker replaced after --max-requests), from Linux /proc: the
    server's own cost of a run, apart from the clients and the database sharing the cores."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15]) / ticks
        todo.extend(int(child) for child in children)
    return total


def stolen_seconds() -> float:
    """CPU time the host has taken from this virtual machine so far, all cores (/proc/stat
    "steal"): a run that lost much of it is not comparable with one that did not."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
        return int(fields[8]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def wait_for_port(port: int, seconds: float = 30.0) -> bool:
    ready = time.monotonic() + seconds
    while time.monotonic() < ready:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


# A kept-alive connection the server reset before answering (gunicorn closes idle kept-alive
# connections, for instance when a worker is replaced after --max-requests; the cause of the
# few seen in the surge was not pinned down): a browser sends the request again at once on a
# new connection (Chromium does so when a reused connection fails before any byte of the
# answer), and so do the benchmarks, counting it apart. The receipt checks afterwards still
# prove that nothing was lost or stored twice.
STALE = -2
STALE_CONNECTION = (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected)


class FormSession:
    """A reporter's browser on the report form: the CSRF cookie and token of one GET."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.port = port
        self.timeout = timeout
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.conn.request("GET", "/en/report/")
        response = self.conn.getresponse()
        page = response.read().decode()
        if response.status != 200:
            raise RuntimeError(f"the report form answered {response.status}")
        cookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie.load(header)
        self.token = TOKEN_RE.search(page).group(1)  # type: ignore[union-attr]
        self.cookie = f"csrftoken={cookie['csrftoken'].value}"
        self.reused = not response.will_close

    def reconnect(self) -> None:
        self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)

    def fields(self, submission_id: str, link: str, description: str) -> dict[str, str]:
        return {
            "csrfmiddlewaretoken": self.token,
            "submission_id": submission_id,
            "violation_type": "content-removal",
            "platform": "facebook",
            "links": link,
            "description": description,
            "region": "gaza-strip",
            "consent_share_with_platform": "on",
        }

    def encode(
        self, fields: dict[str, str], files: list[tuple[str, bytes]] = ()
    ) -> tuple[bytes, dict[str, str]]:
        """The POST body and headers: urlencoded, or multipart with ``files`` as evidence."""
        headers = {"Cookie": self.cookie}
        if not files:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            return urlencode(fields).encode(), headers
        boundary = f"marsadbench{os.urandom(8).hex()}"
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for filename, data in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + data
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        return b"".join(parts), headers

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        """POST the report form; (status, page), status 0 when the connection failed, -1
        when no answer came in time, and ``STALE`` when a kept-alive connection was closed by
        the server before it answered (the page is then the error's name and message)."""
        reused, self.reused = self.reused, False
        try:
            self.conn.request("POST", "/en/report/", body=body, headers=headers)
            reply = self.conn.getresponse()
            page = reply.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as exc:
            self.reconnect()
            error = f"{type(exc).__name__}: {exc}"
            if reused and isinstance(exc, STALE_CONNECTION):
                return STALE, error
            return (-1 if isinstance(exc, TimeoutError) else 0), error
        self.reused = not reply.will_close
        return reply.status, page


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    import math

    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]
