"""/healthz, /readyz and /metrics as a load balancer, an orchestrator and Prometheus see them."""

from __future__ import annotations

import pytest
from django.test import Client

from marsad.ops.conftest import QUEUE_DB, redis_caches, redis_url

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-for-the-tests-0123456789"
# Caches that cannot work: nothing listens on port 1.
DEAD_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    },
}


def test_healthz_answers_ok_whatever_the_host_and_caches_nothing(client):
    response = client.get("/healthz", HTTP_HOST="10.20.30.40:8000")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_readyz_is_ready_and_names_only_its_checks(client):
    response = client.get("/readyz", HTTP_HOST="10.20.30.40")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "status": "ready",
        "checks": {"database": "ok", "cache": "ok", "tasks": "ok", "storage": "ok"},
    }
    # Nothing about versions, hosts or the software underneath.
    text = response.content.decode()
    for leak in ("django", "version", "python", "redis", "postgres", "sqlite", "/"):
        assert leak not in text.lower()


def test_readyz_answers_503_when_the_cache_is_down(client, settings, caplog):
    settings.CACHES = DEAD_REDIS
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {"database": "ok", "cache": "failed", "tasks": "ok", "storage": "ok"},
    }
    # Why is in the log, for the operator; the address of the cache is in neither.
    assert "readiness check cache failed (ConnectionError)" in caplog.text
    assert "127.0.0.1:1" not in response.content.decode()


def test_readyz_answers_503_when_evidence_storage_cannot_be_written(client, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the evidence folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "marsad.evidence.storage.WriteOnceFileSystemStorage",
            "OPTIONS": {"location": str(blocker / "evidence")},
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "failed"


def test_readyz_leaves_no_probe_file_behind(client, settings, tmp_path):
    folder = tmp_path / "evidence"
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "marsad.evidence.storage.WriteOnceFileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }
    for _ in range(3):
        assert client.get("/readyz").status_code == 200
    assert [p for p in folder.rglob("*") if p.is_file()] == []


def test_probes_refuse_writes(client):
    for url in ("/healthz", "/readyz", "/metrics"):
        assert client.post(url).status_code == 405


def test_metrics_are_off_until_configured(client):
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_token(settings):
    settings.MARSAD_METRICS_TOKEN = TOKEN
    client = Client()
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert b"marsad_http_requests_total" in response.content


def test_metrics_from_an_allowed_network(settings):
    settings.MARSAD_METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="192.0.2.7").get("/metrics").status_code == 403
    # A forwarded address is the client's word, not where it connects from.
    refused = Client(REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert refused.get("/metrics").status_code == 403


def test_metrics_count_url_patterns_never_paths(settings, client):
    settings.MARSAD_METRICS_TOKEN = TOKEN
    client.get("/en/about/")
    client.get("/en/no-such-page-with-a-secret-word/")
    client.get("/en/newsletter/confirm/a-confidential-token/")
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    assert 'route="en/about/"' in text
    assert 'route="unmatched"' in text
    assert "secret-word" not in text
    assert "confidential-token" not in text


def test_every_response_carries_a_request_id(client, settings):
    first = client.get("/en/about/")["X-Request-ID"]
    second = client.get("/en/about/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second
    # Taken from the request only when a proxy in front is trusted to have set it.
    given = "edge-4f1c2a9b77"
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] != given
    settings.MARSAD_PROXY_COUNT = 1
    assert client.get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    hostile = 'x" injected\n{"level":"ERROR"}'
    assert client.get("/healthz", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"] != hostile


def test_readyz_reaches_the_rq_queue_in_redis(client, settings, redis_queue_db):
    settings.MARSAD_TASKS = "rq"
    settings.RQ_QUEUES = {"default": {"URL": redis_url(QUEUE_DB)}}
    assert client.get("/readyz").json()["checks"]["tasks"] == "ok"
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == "failed"


def test_readyz_with_caches_in_redis(client, settings, redis_cache_db):
    settings.CACHES = redis_caches()
    assert client.get("/readyz").status_code == 200
    assert redis_cache_db.keys("*") == []  # its probe keys are deleted again
