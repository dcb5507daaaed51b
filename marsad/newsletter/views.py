"""The newsletter's public pages (subscribe, confirm, preferences, unsubscribe) and its staff
pages (mailings, subscribers' data requests, bounces).

Public pages never say whether an address is on the list. The links in emails are signed
capability URLs (tokens.py): they need no sign-in and no cookie, and the one-click
unsubscribe (RFC 8058) takes a POST from the mail client with no CSRF token.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marsad.accounts.access import staff_required
from marsad.accounts.models import User
from marsad.core.access import require
from marsad.core.errors import DomainError
from marsad.core.http import cross_site
from marsad.core.i18n import active_language
from marsad.core.ratelimit import client_key, hit
from marsad.newsletter import selectors, sending, services, tokens
from marsad.newsletter.choices import MailingStatus, SubscriberStatus
from marsad.newsletter.forms import (
    BouncesForm,
    LookupForm,
    MailingForm,
    PreferencesForm,
    ReasonForm,
    SubscribeForm,
)
from marsad.newsletter.models import Mailing, Subscriber


def _refuse(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, "newsletter/refused.html", {"message": message}, status=status)


def _check_inbox(request: HttpRequest) -> HttpResponse:
    """The one answer to every subscribe request, whatever the address's state."""
    return render(
        request, "newsletter/check_inbox.html", {"days": settings.NEWSLETTER_CONFIRM_DAYS}
    )


# --- Public ---------------------------------------------------------------------------------


@csrf_exempt  # on every page: no token (it would set a cookie on every visitor); see cross_site
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = SubscribeForm(initial={"language": active_language()})
        return render(request, "newsletter/subscribe.html", {"form": form})
    if cross_site(request):
        return _refuse(request, 403, _("This form can only be sent from this site."))
    attempts = hit("newsletter-subscribe", client_key(request), window_seconds=3600)
    if attempts > settings.NEWSLETTER_SUBSCRIBE_PER_HOUR:
        return _refuse(
            request,
            429,
            _("Too many requests from your connection. Please wait an hour and try again."),
        )
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "newsletter/subscribe.html", {"form": form}, status=400)
    if not request.POST.get("website"):  # the honeypot: bots get the same answer, and nothing
        services.subscriber_request(
            email=form.cleaned_data["email"], language=form.cleaned_data["language"]
        )
    return _check_inbox(request)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail systems' link checkers open links, and must not subscribe
    anyone); POST confirms."""
    if request.method != "POST":
        if tokens.confirmation(token) is None:
            return render(request, "newsletter/invalid_link.html", status=404)
        return render(request, "newsletter/confirm.html", {"token": token})
    subscriber = services.subscriber_confirm(token=token)
    if subscriber is None:
        return render(request, "newsletter/invalid_link.html", status=404)
    messages.success(request, _("Thank you: you are subscribed."))
    return redirect("newsletter:preferences", token=tokens.link_token(subscriber.key))


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = selectors.subscriber_for_link(token)
    if subscriber is None:
        return render(request, "newsletter/invalid_link.html", status=404)
    form = PreferencesForm(initial={"language": subscriber.language})
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "resubscribe":
            services.subscriber_request(email=subscriber.email, language=subscriber.language)
            return _check_inbox(request)
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.subscriber_set_language(
                subscriber=subscriber, language=form.cleaned_data["language"]
            )
            messages.success(request, _("Your preferences are saved."))
            return redirect("newsletter:preferences", token=token)
        status = 400
    return render(
        request,
        "newsletter/preferences.html",
        {
            "form": form,
            "token": token,
            "subscribed": subscriber.status == SubscriberStatus.ACTIVE,
            "pending": subscriber.status == SubscriberStatus.PENDING,
        },
        status=status,
    )


@csrf_exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", with no token
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link checkers must not unsubscribe anyone); POST unsubscribes, whether it
    comes from the button or from the mail client's one-click request."""
    subscriber = selectors.subscriber_for_link(token)
    if subscriber is None:
        return render(request, "newsletter/invalid_link.html", status=404)
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "newsletter/unsubscribed.html", {"token": token})
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"token": token, "subscribed": subscriber.status == SubscriberStatus.ACTIVE},
    )


# --- Staff ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _domain_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A refused action becomes a message on the mailing's page."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, pk, *args, **kwargs)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("newsletter_staff:mailing", pk=pk)

    return wrapper


@require_safe
@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    require(_user(request), "newsletter.view_mailing")
    return render(
        request,
        "newsletter/staff/home.html",
        {
            "mailings": selectors.mailings_list()[:50],
            "counts": selectors.subscriber_status_counts(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def mailing_new(request: HttpRequest) -> HttpResponse:
    require(_user(request), "newsletter.add_mailing")
    form = MailingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mailing = services.mailing_create(texts=form.texts(), actor=_user(request))
        messages.success(request, _("Draft saved. Read it through, then send it."))
        return redirect("newsletter_staff:mailing", pk=mailing.pk)
    return render(
        request,
        "newsletter/staff/mailing_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _mailing(pk: int) -> Mailing:
    return get_object_or_404(Mailing.objects.prefetch_related("translations"), pk=pk)


@require_http_methods(["GET", "POST"])
@staff_required
@_domain_errors
def mailing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), "newsletter.change_mailing")
    mailing = _mailing(pk)
    if mailing.status != MailingStatus.DRAFT:
        messages.error(request, _("Only a draft can be changed; this mailing was already queued."))
        return redirect("newsletter_staff:mailing", pk=pk)
    form = MailingForm(request.POST or None, initial=MailingForm.initial_from(mailing))
    if request.method == "POST" and form.is_valid():
        services.mailing_update(mailing=mailing, texts=form.texts())
        messages.success(request, _("Draft saved."))
        return redirect("newsletter_staff:mailing", pk=pk)
    return render(
        request,
        "newsletter/staff/mailing_form.html",
        {"form": form, "mailing": mailing},
        status=400 if form.errors else 200,
    )


@require_safe
@staff_required
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), "newsletter.view_mailing")
    mailing = _mailing(pk)
    progress = selectors.mailing_progress(mailing)
    running = mailing.status in (MailingStatus.QUEUED, MailingStatus.SENDING)
    return render(
        request,
        "newsletter/staff/mailing.html",
        {
            "mailing": mailing,
            "texts": list(sending.texts_of(mailing).values()),
            "progress": progress,
            "problems": selectors.mailing_problems(mailing),
            "running": running,
            "audience": selectors.subscriber_status_counts()[SubscriberStatus.ACTIVE],
        },
    )


@require_POST
@staff_required
@_domain_errors
def mailing_send(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), "newsletter.send_mailing")
    services.mailing_queue(mailing=_mailing(pk), actor=_user(request))
    messages.success(request, _("The mailing is queued and goes out in the background."))
    return redirect("newsletter_staff:mailing", pk=pk)


@require_POST
@staff_required
@_domain_errors
def mailing_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), "newsletter.send_mailing")
    services.mailing_cancel(mailing=_mailing(pk))
    messages.success(
        request, _("The mailing is stopped. Messages already sent cannot be recalled.")
    )
    return redirect("newsletter_staff:mailing", pk=pk)


@require_POST
@staff_required
@_domain_errors
def mailing_resume(request: HttpRequest, pk: int) -> HttpResponse:
    require(_user(request), "newsletter.send_mailing")
    if services.mailings_resume_interrupted(mailing=_mailing(pk)):
        messages.success(request, _("The mailing resumes where it stopped."))
    else:
        messages.info(request, _("The mailing is still being sent by a worker; nothing to resume."))
    return redirect("newsletter_staff:mailing", pk=pk)


@require_http_methods(["GET", "POST"])
@staff_required
def subscribers(request: HttpRequest) -> HttpResponse:
    """Counts for everyone with the list; finding one subscriber (a request about their own
    data) needs the data-protection permission and is logged."""
    require(_user(request), "newsletter.view_subscriber")
    form = LookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require(_user(request), "newsletter.manage_subscriber")
        if form.is_valid():
            found = selectors.subscriber_lookup(
                address=form.cleaned_data["email"],
                user=_user(request),
                reason=form.cleaned_data["reason"],
            )
            if found is not None:
                return redirect("newsletter_staff:subscriber", pk=found.pk)
            messages.info(request, _("No subscriber has this address."))
            return redirect("newsletter_staff:subscribers")
        status = 400
    return render(
        request,
        "newsletter/staff/subscribers.html",
        {"counts": selectors.subscriber_status_counts(), "form": form},
        status=status,
    )


def _subscriber(request: HttpRequest, pk: int) -> Subscriber:
    require(_user(request), "newsletter.view_subscriber", "newsletter.manage_subscriber")
    return get_object_or_404(Subscriber, pk=pk)


@require_safe
@staff_required
def subscriber_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The record without its address (reveal, export and erase are logged actions)."""
    subscriber = _subscriber(request, pk)
    return render(
        request,
        "newsletter/staff/subscriber.html",
        {
            "subscriber": subscriber,
            "log": selectors.subscriber_access_log(subscriber),
            "form": ReasonForm(),
        },
    )


@require_POST
@staff_required
def subscriber_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = _subscriber(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why you need to see the address."))
        return redirect("newsletter_staff:subscriber", pk=pk)
    address = selectors.subscriber_reveal(
        subscriber=subscriber, user=_user(request), reason=form.cleaned_data["reason"]
    )
    return render(
        request,
        "newsletter/staff/subscriber.html",
        {
            "subscriber": subscriber,
            "address": address,
            "log": selectors.subscriber_access_log(subscriber),
            "form": ReasonForm(),
        },
    )


@require_POST
@staff_required
def subscriber_export(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = _subscriber(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the data is exported (for example: request by email)."))
        return redirect("newsletter_staff:subscriber", pk=pk)
    data = selectors.subscriber_export(
        subscriber=subscriber, user=_user(request), reason=form.cleaned_data["reason"]
    )
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="subscriber-{subscriber.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@staff_required
def subscriber_erase(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = _subscriber(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid() or request.POST.get("confirm") != "erase":
        messages.error(request, _("Say why, and tick the box to confirm the erasure."))
        return redirect("newsletter_staff:subscriber", pk=pk)
    services.subscriber_erase(
        subscriber=subscriber, user=_user(request), reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("The subscriber's data is erased."))
    return redirect("newsletter_staff:subscribers")


@require_http_methods(["GET", "POST"])
@staff_required
def bounces(request: HttpRequest) -> HttpResponse:
    require(_user(request), "newsletter.change_subscriber")
    form = BouncesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.subscribers_record_bounces(
            addresses=form.address_list(), user=_user(request)
        )
        messages.success(
            request,
            _("%(marked)d addresses taken off the list; %(unknown)d were not on it.")
            % {"marked": result.marked, "unknown": result.unknown},
        )
        return redirect("newsletter_staff:bounces")
    return render(
        request, "newsletter/staff/bounces.html", {"form": form}, status=400 if form.errors else 200
    )
