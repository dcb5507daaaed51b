"""Shared by the staff pages' actions (POST views) of every app: a refused action and a form
that does not validate both become messages on the page the action belongs to."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from marsad.core.errors import DomainError


def refused_go_back(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A refused action (a coded domain error) becomes a message on the page it came from:
    the page its URL belongs to (``/staff/violations/7/merge/`` → ``/staff/violations/7/``),
    never a ``next`` taken from the request."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect(request.path.rsplit("/", 2)[0] + "/")

    return wrapper


def form_errors_to_messages(request: HttpRequest, form: Any) -> None:
    """Each error of a form that did not validate, as a message naming its field."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))
