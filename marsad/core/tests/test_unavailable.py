"""While the database is away (restarting, failing over) clients get a 503 with Retry-After,
not a 500; other errors are still a 500. The surge bench (bench/surge.py) checks it against a
real PostgreSQL restart."""

from __future__ import annotations

from django.db import IntegrityError, OperationalError
from django.test import RequestFactory
from django.utils import translation

from marsad.core.views import server_error


def _answer(error: Exception):
    request = RequestFactory().get("/ar/report/")
    try:
        raise error
    except Exception:
        return server_error(request)


def test_a_database_that_went_away_answers_503_with_retry_after():
    with translation.override("ar"):
        response = _answer(OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "15"
    assert "غير متاح مؤقتًا" in response.content.decode()


def test_other_errors_stay_500():
    response = _answer(IntegrityError("duplicate"))
    assert response.status_code == 500
    response = _answer(ValueError("bug"))
    assert response.status_code == 500
