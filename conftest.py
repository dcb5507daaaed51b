"""Personas shared by every test: an anonymous visitor and one signed-in client per role."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client

from marsad.accounts.choices import Role
from marsad.accounts.models import User
from marsad.accounts.services import user_create

PERSONAS = ("anonymous", "partner", "documenter", "coordinator", "analyst", "admin")


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rate-limit counters and cached values never leak from one test into another."""
    for cache in caches.all():
        cache.clear()


def make_user(role: Role, username: str | None = None) -> User:
    return user_create(
        username=username or f"test-{role.value}",
        email=f"{role.value}@example.org",
        role=role,
        password="a long test password",  # noqa: S106 - test persona
    )


def client_for(persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.force_login(make_user(Role(persona)))
    return client


@pytest.fixture
def anonymous() -> Client:
    return Client()


@pytest.fixture
def documenter(db: None) -> Client:
    return client_for("documenter")


@pytest.fixture
def coordinator(db: None) -> Client:
    return client_for("coordinator")


@pytest.fixture
def analyst(db: None) -> Client:
    return client_for("analyst")


@pytest.fixture
def administrator(db: None) -> Client:
    return client_for("admin")


@pytest.fixture
def partner(db: None) -> Client:
    return client_for("partner")


@pytest.fixture
def persona_client(db: None):
    """Call with a persona name to get its client: ``persona_client("coordinator")``."""
    return client_for
