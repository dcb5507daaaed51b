import pytest

from conftest import make_user
from marsad.accounts.choices import Role


@pytest.fixture
def coordinator_user(db):
    return make_user(Role.COORDINATOR, "coord")
