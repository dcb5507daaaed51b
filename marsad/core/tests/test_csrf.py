"""CSRF with Referrer-Policy: no-referrer (browsers then send ``Origin: null``)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def post_with(origin: str | None, fetch_site: str | None, token: bool = True) -> int:
    client = Client(enforce_csrf_checks=True)
    client.get("/en/report/follow-up/")
    headers = {}
    if origin is not None:
        headers["HTTP_ORIGIN"] = origin
    if fetch_site is not None:
        headers["HTTP_SEC_FETCH_SITE"] = fetch_site
    data = {"code": "1234567890123456"}
    if token:
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return client.post("/en/report/follow-up/", data, **headers).status_code


def test_null_origin_from_the_same_site_passes():
    assert post_with("null", "same-origin") == 400  # reached the view: wrong code


def test_own_origin_passes():
    assert post_with("http://testserver", None) == 400


@pytest.mark.parametrize(
    ("origin", "site"),
    [
        ("null", "cross-site"),
        ("null", None),
        ("null", "same-site"),
        ("https://evil.example", "cross-site"),
        ("https://evil.example", "same-origin"),
    ],
)
def test_other_origins_are_refused(origin, site):
    assert post_with(origin, site) == 403


def test_the_token_is_still_required():
    assert post_with("null", "same-origin", token=False) == 403
