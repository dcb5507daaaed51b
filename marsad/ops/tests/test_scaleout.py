"""Settings for several processes and machines, and what they share through the real Redis
and PostgreSQL: caches, rate limits, the connection pool."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection

from marsad.core.ratelimit import hit, peek
from marsad.ops.conftest import CACHE_DB, QUEUE_DB, redis_caches, redis_url

ROOT = Path(__file__).resolve().parents[3]
SHOW_SETTINGS = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'caches': {a: [c['BACKEND'], c.get('LOCATION'), c.get('KEY_PREFIX')] "
    "for a, c in s.CACHES.items()}, 'tasks': s.TASKS['default']['BACKEND'], "
    "'rq': getattr(s, 'RQ_QUEUES', None), 'db': s.DATABASES['default'], "
    "'replica': s.DATABASES.get('replica'), 'replica_reads': s.DATABASE_REPLICA_READS, "
    "'apps': s.INSTALLED_APPS}, default=str))"
)


def marsad(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "MARSAD_", "DATABASE_", "REDIS_", "TASKS_"))
    }
    base.update(MARSAD_DATA_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, "-m", "marsad.cli", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_of(tmp_path: Path, **env: str) -> dict:
    result = marsad(["shell", "-c", SHOW_SETTINGS], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_one_machine_needs_no_service(tmp_path):
    shown = settings_of(tmp_path)
    assert shown["caches"]["default"][0].endswith("LocMemCache")
    assert shown["caches"]["ratelimit"][0].endswith("FileBasedCache")
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"
    assert "pool" not in shown["db"].get("OPTIONS", {})


def test_redis_url_moves_caches_rate_limits_and_tasks_to_redis(tmp_path):
    shown = settings_of(
        tmp_path,
        REDIS_URL=redis_url(CACHE_DB),
        TASKS_REDIS_URL=redis_url(QUEUE_DB),
        MARSAD_TASKS="rq",
        DATABASE_URL="postgres://marsad@db.example.org:5432/marsad",
        DATABASE_POOL="true",
        DATABASE_POOL_MAX_SIZE="8",
    )
    backend = "django.core.cache.backends.redis.RedisCache"
    assert shown["caches"] == {
        "default": [backend, redis_url(CACHE_DB), "marsad"],
        "ratelimit": [backend, redis_url(CACHE_DB), "marsad-rl"],
    }
    assert shown["tasks"] == "django_tasks_rq.RQBackend"
    assert shown["rq"]["default"]["URL"] == redis_url(QUEUE_DB)
    assert "django_rq" in shown["apps"]
    pool = shown["db"]["OPTIONS"]["pool"]
    assert (pool["min_size"], pool["max_size"], pool["timeout"]) == (2, 8, 10)
    assert shown["db"]["CONN_MAX_AGE"] == 0  # the pool keeps the connections


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL: expected a URL like redis://"),
        ({"MARSAD_TASKS": "rq"}, "MARSAD_TASKS=rq: needs REDIS_URL (or TASKS_REDIS_URL)"),
        ({"MARSAD_TASKS": "celery"}, "MARSAD_TASKS: expected one of database, rq"),
        (
            {
                "DATABASE_URL": "postgres://m@db/m",
                "DATABASE_POOL": "on",
                "DATABASE_POOL_MIN_SIZE": "5",
                "DATABASE_POOL_MAX_SIZE": "4",
            },
            "DATABASE_POOL_MAX_SIZE: must be at least DATABASE_POOL_MIN_SIZE (5), got 4",
        ),
        ({"MARSAD_LOG_FORMAT": "xml"}, "MARSAD_LOG_FORMAT: expected one of plain, json"),
        ({"MARSAD_METRICS_TOKEN": "short"}, "MARSAD_METRICS_TOKEN: use at least 24"),
        (
            {"MARSAD_METRICS_ALLOWED_NETWORKS": "10.0.0.0/8,intranet"},
            "MARSAD_METRICS_ALLOWED_NETWORKS: expected networks like 10.0.0.0/8",
        ),
        (
            {"DATABASE_URL": "postgres://m@db/m", "DATABASE_REPLICA_URL": "sqlite:///x.db"},
            "DATABASE_REPLICA_URL: the replica must be the same database engine",
        ),
        ({"DATABASE_REPLICA_URL": "mysql://db/m"}, "DATABASE_REPLICA_URL: expected a URL like"),
    ],
)
def test_malformed_scale_out_settings_stop_with_one_line(tmp_path, env, message):
    result = marsad(["check"], tmp_path, **env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"marsad: configuration error: {message}")
    assert result.stderr.count("\n") == 1


def test_a_replica_gets_the_primary_s_connection_settings(tmp_path):
    shown = settings_of(
        tmp_path,
        DATABASE_URL="postgres://marsad@primary:5432/marsad",
        DATABASE_REPLICA_URL="postgres://reader@replica:5432/marsad",
        DATABASE_POOL="on",
    )
    assert shown["db"]["HOST"] == "primary"
    none = settings_of(tmp_path, DATABASE_URL="postgres://marsad@primary:5432/marsad")
    assert none["replica"] is None
    assert none["replica_reads"] is False
    replica = shown["replica"]
    assert (replica["HOST"], replica["USER"]) == ("replica", "reader")
    assert replica["OPTIONS"]["pool"] == shown["db"]["OPTIONS"]["pool"]
    assert replica["CONN_MAX_AGE"] == 0
    assert shown["replica_reads"] is True


def test_redis_url_password_is_not_in_its_error(tmp_path):
    result = marsad(["check"], tmp_path, REDIS_URL="http://user:hunter2secret@cache:6379/0")
    assert result.returncode == 2
    assert "hunter2secret" not in result.stderr


def test_check_deploy_is_clean_with_the_scale_out_settings(tmp_path):
    result = marsad(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        MARSAD_ENV="production",
        SECRET_KEY="k" * 10 + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
        ALLOWED_HOSTS="observatory.example.org",
        EMAIL_HOST="smtp.example.org",
        MARSAD_SITE_URL="https://observatory.example.org",
        MARSAD_ENCRYPTION_KEYS="Lr5Pq0P7dXgm2p7rV9uE1sKkJ0cQyS3m3mB8eHn0aXs=",
        MARSAD_HASH_KEY="h" * 8 + "0123456789abcdefghijklmnopqrstuvwxyz",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/serving_deploycheck",
        DATABASE_POOL="true",
        REDIS_URL=redis_url(CACHE_DB),
        MARSAD_TASKS="rq",
        MARSAD_LOG_FORMAT="json",
        MARSAD_METRICS_TOKEN="m" * 32,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_rate_limits_in_redis_count_every_hit_once_across_threads(settings, redis_cache_db):
    settings.CACHES = redis_caches()
    counts: list[int] = []
    lock = threading.Lock()

    def client() -> None:
        for _ in range(25):
            value = hit("test", "client-hash", window_seconds=60)
            with lock:
                counts.append(value)
        caches["ratelimit"].close()

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # An atomic counter: every hit got its own number, none lost or counted twice.
    assert sorted(counts) == list(range(1, 201))
    assert peek("test", "client-hash", window_seconds=60) == 200
    keys = [key.decode() for key in redis_cache_db.keys("*")]
    assert len(keys) == 1
    assert keys[0].startswith("marsad-rl:1:rl:test:")
    assert 0 < redis_cache_db.ttl(keys[0]) <= 65


def test_another_process_sees_the_same_rate_limit(settings, redis_cache_db, tmp_path):
    settings.CACHES = redis_caches()
    for _ in range(3):
        hit("shared", "client-hash", window_seconds=3600)
    result = marsad(
        [
            "shell",
            "-c",
            "from marsad.core.ratelimit import hit; "
            "print(hit('shared', 'client-hash', window_seconds=3600))",
        ],
        tmp_path,
        REDIS_URL=redis_url(CACHE_DB),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "4"
    assert peek("shared", "client-hash", window_seconds=3600) == 4


@pytest.mark.django_db
def test_newsletter_form_answers_429_past_its_limit_with_counts_in_redis(
    settings, redis_cache_db, client
):
    settings.CACHES = redis_caches()
    settings.NEWSLETTER_SUBSCRIBE_PER_HOUR = 2
    statuses = [
        client.post(
            "/en/newsletter/subscribe/",
            {"email": f"reader{n}@example.org"},
            REMOTE_ADDR="198.51.100.7",
        ).status_code
        for n in range(4)
    ]
    assert statuses[-1] == 429, statuses
    keys = b" ".join(redis_cache_db.keys("*")).decode()
    assert "marsad-rl:" in keys
    assert "198.51.100.7" not in keys  # clients are keyed hashes, never addresses


@pytest.mark.django_db
@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in ("postgres", "postgresql"),
    reason="psycopg's connection pool is for PostgreSQL (this run is on SQLite)",
)
def test_connection_pool_on_postgresql_shares_few_connections_among_threads(tmp_path):
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    script = (
        "import threading, json\n"
        "from django.db import connection, connections\n"
        "pids, errors = [], []\n"
        "def work():\n"
        "    try:\n"
        "        with connection.cursor() as c:\n"
        "            c.execute('SELECT pg_backend_pid(), pg_sleep(0.2)')\n"
        "            pids.append(c.fetchone()[0])\n"
        "    except Exception as e:\n"
        "        errors.append(type(e).__name__)\n"
        "    finally:\n"
        "        connections.close_all()\n"
        "ts = [threading.Thread(target=work) for _ in range(8)]\n"
        "[t.start() for t in ts]; [t.join() for t in ts]\n"
        "print(json.dumps({'pids': pids, 'errors': errors, "
        "'pooled': connection.pool is not None}))\n"
    )
    result = marsad(
        ["shell", "-c", script],
        tmp_path,
        DATABASE_URL=url,
        DATABASE_POOL="true",
        DATABASE_POOL_MIN_SIZE="1",
        DATABASE_POOL_MAX_SIZE="2",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["pooled"] is True
    assert shown["errors"] == []
    # Eight requests at once, served one after another by at most two connections.
    assert len(shown["pids"]) == 8
    assert len(set(shown["pids"])) <= 2


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--threads", "0"], {}, "--workers, --threads and --timeout must be at least 1"),
        ([], {"WEB_THREADS": "many"}, "argument --threads: invalid int value: 'many'"),
    ],
)
def test_serve_refuses_bad_worker_settings_before_starting(tmp_path, args, env, message):
    result = marsad(["serve", "--port", "1", *args], tmp_path, **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
