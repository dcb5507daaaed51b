"""Behind a reverse proxy that MARSAD_PROXY_COUNT does not count, every client shares the
proxy's rate-limit bucket: the first request that shows it is logged, once, without an address
(marsad/core/proxy.py). ``marsad check --deploy``: tests/test_cli.py."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from marsad.core.ratelimit import client_key

pytestmark = pytest.mark.django_db
CLIENT = "203.0.113.7"
PROXY = "10.0.0.2"


def warnings_logged(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "marsad.core.proxy" and r.levelno == logging.WARNING
    ]


def test_a_forwarded_request_with_the_count_at_zero_is_said_once_without_an_address(
    settings, caplog
):
    settings.MARSAD_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR=PROXY)
    with caplog.at_level(logging.WARNING):
        assert client.get("/en/").status_code == 200
        assert warnings_logged(caplog) == []  # no forwarding header: nothing to say
        for _ in range(3):
            client.get("/en/", HTTP_X_FORWARDED_FOR=CLIENT)
            client.get("/en/about/", HTTP_FORWARDED=f"for={CLIENT}")
    said = warnings_logged(caplog)
    assert len(said) == 1
    assert said[0].startswith(
        "A request came with X-Forwarded-For but MARSAD_PROXY_COUNT is 0: if Marsad is behind "
        "a reverse proxy, every client is seen with the proxy's address"
    )
    assert "Set MARSAD_PROXY_COUNT" in said[0]
    assert all(CLIENT not in text and PROXY not in text for text in caplog.messages)


def test_the_forwarded_header_alone_is_named(settings, caplog):
    settings.MARSAD_PROXY_COUNT = 0
    with caplog.at_level(logging.WARNING):
        Client(REMOTE_ADDR=PROXY).get("/en/", HTTP_FORWARDED=f"for={CLIENT}")
    assert warnings_logged(caplog)[0].startswith(
        "A request came with Forwarded but MARSAD_PROXY_COUNT is 0"
    )


def test_a_request_that_did_not_come_through_the_counted_proxies_is_said_once(settings, caplog):
    settings.MARSAD_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR=PROXY)
    with caplog.at_level(logging.WARNING):
        client.get("/en/", HTTP_X_FORWARDED_FOR=CLIENT)
        assert warnings_logged(caplog) == []  # one proxy, one entry: as configured
        client.get("/en/")
        client.get("/en/")
    said = warnings_logged(caplog)
    assert len(said) == 1
    assert said[0].startswith(
        "A request came with 0 X-Forwarded-For entries but MARSAD_PROXY_COUNT is 1"
    )
    assert all(CLIENT not in text and PROXY not in text for text in caplog.messages)


def test_with_the_count_set_clients_behind_one_proxy_have_buckets_of_their_own(settings, rf):
    """What the recipe (docs/deployment.md) gets right: one proxy counted."""
    first = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.7")
    second = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.4")
    settings.MARSAD_PROXY_COUNT = 0
    assert client_key(first) == client_key(second)  # the shared bucket of the finding
    settings.MARSAD_PROXY_COUNT = 1
    assert client_key(first) != client_key(second)
