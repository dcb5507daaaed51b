"""Client rate limits key on the client's network: its IPv4 address, or the /64 of an IPv6
address (issue 23, finding 8). One phone or household holds a whole /64 and can take a new
address from it for every request; a limit per address would be a fresh limit per request."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from marsad.core.ratelimit import client_key, client_network
from marsad.intake.tests.factories import form_data

SAME_64 = ("2001:db8:85a3:1:aaaa::1", "2001:db8:85a3:1:ffff:ffff:ffff:fffe")


def key_for(address: str, forwarded: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client_key(RequestFactory().get("/", REMOTE_ADDR=address, **headers))


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("2001:db8:85a3:1:aaaa::1", "2001:db8:85a3:1::"),
        ("2001:DB8:85A3:0001:FFFF:FFFF:FFFF:FFFE", "2001:db8:85a3:1::"),
        ("203.0.113.7", "203.0.113.7"),
        ("::ffff:203.0.113.7", "203.0.113.7"),  # IPv4 written as IPv6: the same client
        ("fe80::1%eth0", "fe80::"),
        ("", ""),
        ("not an address", "not an address"),
    ],
)
def test_client_network(address, network):
    assert client_network(address) == network


def test_addresses_of_one_ipv6_64_share_a_key():
    assert key_for(SAME_64[0]) == key_for(SAME_64[1])


def test_other_networks_have_other_keys():
    keys = {
        key_for("2001:db8:85a3:1::1"),
        key_for("2001:db8:85a3:2::1"),  # the next /64
        key_for("203.0.113.7"),
        key_for("203.0.113.8"),
    }
    assert len(keys) == 4


def test_ipv4_mapped_and_plain_ipv4_share_a_key():
    assert key_for("::ffff:203.0.113.7") == key_for("203.0.113.7")


def test_behind_a_proxy_the_forwarded_address_is_grouped_too(settings):
    settings.MARSAD_PROXY_COUNT = 1
    assert key_for("10.0.0.1", SAME_64[0]) == key_for("10.0.0.1", SAME_64[1])
    assert key_for("10.0.0.1", SAME_64[0]) != key_for("10.0.0.1", "2001:db8:85a3:2::1")


def _report(client: Client, address: str, i: int):
    return client.post(
        "/en/report/",
        form_data(submission_id=f"{i:02d}" * 22, description=f"report {i}"),
        REMOTE_ADDR=address,
    )


def _subscribe(client: Client, address: str, i: int):
    return client.post(
        "/en/newsletter/subscribe/",
        {"email": f"person{i}@example.org", "language": "en"},
        REMOTE_ADDR=address,
    )


def _public_api(client: Client, address: str, i: int):
    return client.get("/api/v1/stats/summary", REMOTE_ADDR=address)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("send", "limit_setting", "limit"),
    [
        (_report, "INTAKE_HARD_LIMIT_PER_HOUR", 3),
        (_subscribe, "NEWSLETTER_SUBSCRIBE_PER_HOUR", 3),
        (_public_api, "OBSERVATORY_API_LIMIT_PER_MINUTE", 3),
    ],
    ids=["report-form", "newsletter", "public-api"],
)
def test_a_new_address_in_the_same_64_gets_no_new_limit(
    settings, media, send, limit_setting, limit
):
    setattr(settings, limit_setting, limit)
    client = Client()
    statuses = [
        send(client, f"2001:db8:85a3:1::{i + 1:x}", i).status_code for i in range(limit + 1)
    ]
    assert statuses[-1] == 429, statuses
    assert all(status != 429 for status in statuses[:-1]), statuses
    # Another network is not limited.
    assert send(client, "2001:db8:85a3:2::1", limit + 1).status_code != 429


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
