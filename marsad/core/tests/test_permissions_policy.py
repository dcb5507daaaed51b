"""The Permissions-Policy: every device feature denied, unless a page allows one to itself."""

import pytest
from django.test import Client

from marsad.core.middleware import FEATURES, PERMISSIONS_POLICY, permissions_policy


def parsed(header: str) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in header.split(","))


def test_every_feature_is_denied_by_default():
    assert parsed(PERMISSIONS_POLICY) == dict.fromkeys(FEATURES, "()")
    assert parsed(PERMISSIONS_POLICY)["publickey-credentials-get"] == "()"
    assert parsed(PERMISSIONS_POLICY)["publickey-credentials-create"] == "()"


def test_a_page_may_allow_a_feature_to_its_own_origin_only():
    policy = parsed(
        permissions_policy(allow_self=("publickey-credentials-get", "publickey-credentials-create"))
    )
    assert policy["publickey-credentials-get"] == "(self)"
    assert policy["publickey-credentials-create"] == "(self)"
    assert {f: v for f, v in policy.items() if not f.startswith("publickey-")} == dict.fromkeys(
        (f for f in FEATURES if not f.startswith("publickey-")), "()"
    )


def test_an_unknown_feature_is_a_mistake_not_a_silent_allowance():
    with pytest.raises(ValueError, match="not a feature Marsad lists: camra"):
        permissions_policy(allow_self=("camra",))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ar/", "/staff/sign-in/", "/staff/account/password/reset/"])
def test_public_and_sign_in_pages_deny_security_keys(path):
    policy = parsed(Client().get(path)["Permissions-Policy"])
    assert policy["publickey-credentials-get"] == "()"
    assert policy["publickey-credentials-create"] == "()"
