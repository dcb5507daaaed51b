"""Staff pages to record the organisation's work quickly: a list, a form to add and one to
change each kind of record, the counters for any period, and the CSV imports (attendance
lists, communications exports). Every view: authorise, parse a form, call one service or
selector, render or redirect."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from marsad.accounts.access import staff_required
from marsad.accounts.models import User
from marsad.activities import forms, selectors, services
from marsad.activities.choices import CampaignKind, PublicationKind
from marsad.activities.models import (
    Campaign,
    CommunicationsFigure,
    Event,
    MediaMention,
    Milestone,
    NeedsAssessment,
    Organisation,
    Publication,
    Training,
)
from marsad.core.access import require
from marsad.core.errors import DomainError
from marsad.core.periods import Period


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _perm(action: str, model: type[models.Model]) -> str:
    return f"activities.{action}_{model._meta.model_name}"


# --- The counters -----------------------------------------------------------------------------


@require_safe
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    require(_user(request), "activities.view_publication")
    today = timezone.localdate()
    form = forms.PeriodForm(
        request.GET or {"start": dt.date(today.year, 1, 1), "end": dt.date(today.year, 12, 31)}
    )
    figures = None
    if form.is_valid():
        period = Period(form.cleaned_data["start"], form.cleaned_data["end"] + dt.timedelta(days=1))
        figures = selectors.activity_figures(period)
    return render(
        request,
        "activities/staff/home.html",
        {
            "form": form,
            "figures": figures,
            "years": range(today.year, today.year - 6, -1),
            "milestones": [
                (m, selectors.shown(m, "title")) for m in (figures.milestones if figures else [])
            ],
            "publications": [
                (label, figures.publications[value]) for value, label in PublicationKind.choices
            ]
            if figures
            else [],
            "campaigns": [
                (label, figures.campaigns[value]) for value, label in CampaignKind.choices
            ]
            if figures
            else [],
        },
        status=200 if form.is_valid() else 400,
    )


# --- Lists ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: Any
    numeric: bool = False


@dataclass(frozen=True)
class Row:
    url: str
    cells: list[tuple[Any, bool]]  # (value, numeric)


def _list(
    request: HttpRequest,
    *,
    model: type[models.Model],
    rows: Any,
    columns: list[Column],
    cells: Callable[[Any], list[Any]],
    edit: str,
    new: str,
    extra_links: Iterable[tuple[str, Any]] = (),
) -> HttpResponse:
    require(_user(request), _perm("view", model))
    page = Paginator(rows, selectors.STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/staff/list.html",
        {
            "title": model._meta.verbose_name_plural,
            "columns": columns,
            "rows": [
                Row(
                    reverse(edit, args=[obj.pk]),
                    [
                        (value, column.numeric)
                        for value, column in zip(cells(obj), columns, strict=True)
                    ],
                )
                for obj in page
            ],
            "page": page,
            "new_url": reverse(new),
            "can_add": _user(request).has_perm(_perm("add", model)),
            "extra_links": list(extra_links),
        },
    )


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


@require_safe
@staff_required
def publications(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=Publication,
        rows=selectors.staff_publications(),
        columns=[
            Column(gettext_lazy("Title")),
            Column(gettext_lazy("Type")),
            Column(gettext_lazy("Date")),
            Column(gettext_lazy("On the site")),
        ],
        cells=lambda p: [
            selectors.shown(p, "title"),
            p.get_kind_display(),
            _date(p.published_on),
            _("yes") if p.published_at else _("draft"),
        ],
        edit="activities_staff:publication_edit",
        new="activities_staff:publication_new",
    )


@require_safe
@staff_required
def trainings(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=Training,
        rows=selectors.staff_trainings(),
        columns=[
            Column(gettext_lazy("Title")),
            Column(gettext_lazy("First day")),
            Column(gettext_lazy("Topic")),
            Column(gettext_lazy("Participants"), True),
            Column(gettext_lazy("Women"), True),
            Column(gettext_lazy("Men"), True),
            Column(gettext_lazy("Organisations"), True),
        ],
        cells=lambda t: [
            t.title,
            _date(t.starts_on),
            t.topic,
            t.participants,
            t.women,
            t.men,
            t.organisation_count,
        ],
        edit="activities_staff:training_edit",
        new="activities_staff:training_new",
    )


@require_safe
@staff_required
def assessments(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=NeedsAssessment,
        rows=selectors.staff_assessments(),
        columns=[
            Column(gettext_lazy("Organisation")),
            Column(gettext_lazy("Date")),
            Column(gettext_lazy("Topic")),
        ],
        cells=lambda a: [a.organisation, _date(a.assessed_on), a.topic or "—"],
        edit="activities_staff:assessment_edit",
        new="activities_staff:assessment_new",
    )


@require_safe
@staff_required
def events(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=Event,
        rows=selectors.staff_events(),
        columns=[
            Column(gettext_lazy("Title")),
            Column(gettext_lazy("First day")),
            Column(gettext_lazy("Kind")),
            Column(gettext_lazy("In person"), True),
            Column(gettext_lazy("Online"), True),
            Column(gettext_lazy("Viewers"), True),
        ],
        cells=lambda e: [
            selectors.shown(e, "title"),
            _date(e.starts_on),
            e.get_kind_display(),
            e.attendees_in_person,
            e.attendees_online,
            e.viewers,
        ],
        edit="activities_staff:event_edit",
        new="activities_staff:event_new",
    )


@require_safe
@staff_required
def campaigns(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=Campaign,
        rows=selectors.staff_campaigns(),
        columns=[
            Column(gettext_lazy("Title")),
            Column(gettext_lazy("First day")),
            Column(gettext_lazy("Kind")),
            Column(gettext_lazy("Targets")),
        ],
        cells=lambda c: [
            selectors.shown(c, "title"),
            _date(c.starts_on),
            c.get_kind_display(),
            ", ".join(str(t) for t in c.targets.all()) or "—",
        ],
        edit="activities_staff:campaign_edit",
        new="activities_staff:campaign_new",
    )


@require_safe
@staff_required
def milestones(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=Milestone,
        rows=selectors.staff_milestones(),
        columns=[
            Column(gettext_lazy("Title")),
            Column(gettext_lazy("Date")),
            Column(gettext_lazy("Kind")),
        ],
        cells=lambda m: [selectors.shown(m, "title"), _date(m.achieved_on), m.get_kind_display()],
        edit="activities_staff:milestone_edit",
        new="activities_staff:milestone_new",
    )


@require_safe
@staff_required
def media_mentions(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=MediaMention,
        rows=selectors.staff_media_mentions(),
        columns=[
            Column(gettext_lazy("Outlet")),
            Column(gettext_lazy("Date")),
            Column(gettext_lazy("Language")),
            Column(gettext_lazy("Headline")),
        ],
        cells=lambda m: [
            m.outlet,
            _date(m.published_on),
            m.get_language_display(),
            m.headline or "—",
        ],
        edit="activities_staff:media_edit",
        new="activities_staff:media_new",
    )


@require_safe
@staff_required
def communications(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=CommunicationsFigure,
        rows=selectors.staff_communications(),
        columns=[
            Column(gettext_lazy("Month")),
            Column(gettext_lazy("Channel")),
            Column(gettext_lazy("Video views"), True),
            Column(gettext_lazy("Engagement"), True),
            Column(gettext_lazy("Followers"), True),
            Column(gettext_lazy("Source")),
        ],
        cells=lambda f: [
            f"{f.month:%Y-%m}",
            f.get_channel_display(),
            _figure(f.video_views),
            _figure(f.engagement),
            _figure(f.followers),
            f.get_source_display(),
        ],
        edit="activities_staff:communications_edit",
        new="activities_staff:communications_new",
        extra_links=[
            (reverse("activities_staff:communications_import"), _("Import a CSV or XLSX export"))
        ],
    )


def _figure(value: int | None) -> Any:
    return "—" if value is None else value


@require_safe
@staff_required
def organisations(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        model=Organisation,
        rows=selectors.staff_organisations(),
        columns=[
            Column(gettext_lazy("Name")),
            Column(gettext_lazy("Kind")),
            Column(gettext_lazy("Trainings"), True),
            Column(gettext_lazy("Needs assessments"), True),
        ],
        cells=lambda o: [o.name, o.get_kind_display(), o.training_count, o.assessment_count],
        edit="activities_staff:organisation_edit",
        new="activities_staff:organisation_new",
    )


# --- Forms ------------------------------------------------------------------------------------


def _record(
    request: HttpRequest,
    *,
    form_class: type[forms.RecordForm],
    instance: models.Model | None,
    save: Callable[[Any, Any], models.Model],
    back: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a record's form; on a valid POST call ``save(form, instance)`` (a service)."""
    model = form_class._meta.model
    form = form_class(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        save(form, instance)
        messages.success(request, _("Saved."))
        return redirect(back)
    title = (
        _("Change: %(record)s") % {"record": instance}
        if instance is not None
        else _("New: %(kind)s") % {"kind": model._meta.verbose_name}
    )
    return render(
        request,
        "activities/staff/form.html",
        {
            "form": form,
            "title": title,
            "back": reverse(back),
            "instance": instance,
            **(extra or {}),
        },
        status=400 if form.errors else 200,
    )


def _editable(request: HttpRequest, model: type[models.Model], pk: int | None) -> Any:
    require(_user(request), _perm("change" if pk else "add", model))
    return get_object_or_404(model, pk=pk) if pk else None


def _organisations(form: Any, field: str, new_field: str) -> list[Organisation]:
    return [
        *form.cleaned_data[field],
        *services.organisations_named(names=form.cleaned_data[new_field]),
    ]


@require_http_methods(["GET", "POST"])
@staff_required
def publication_new(request: HttpRequest) -> HttpResponse:
    return publication_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def publication_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    instance = _editable(request, Publication, pk)
    return _record(
        request,
        form_class=forms.PublicationForm,
        instance=instance,
        save=lambda form, obj: services.publication_save(
            publication=obj,
            fields=form.fields_for_service(),
            topics=form.cleaned_data["topics"],
            translations=form.translations(),
            actor=_user(request),
        ),
        back="activities_staff:publications",
        extra={"publication": instance},
    )


def _publication_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Authorise, load the publication, and turn a refused action into a message."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int) -> HttpResponse:
        require(_user(request), "activities.change_publication")
        publication = get_object_or_404(Publication.objects.prefetch_related("translations"), pk=pk)
        try:
            return view(request, publication)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("activities_staff:publication_edit", pk=pk)

    return wrapper


@require_POST
@staff_required
@_publication_action
def publication_publish(request: HttpRequest, publication: Publication) -> HttpResponse:
    mailing = services.publication_publish(publication=publication, actor=_user(request))
    messages.success(
        request,
        _("Published. An announcement to the mailing list is drafted: read it, then send it."),
    )
    if _user(request).has_perm("newsletter.view_mailing"):
        return redirect("newsletter_staff:mailing", pk=mailing.pk)
    return redirect("activities_staff:publication_edit", pk=publication.pk)


@require_POST
@staff_required
@_publication_action
def publication_unpublish(request: HttpRequest, publication: Publication) -> HttpResponse:
    services.publication_unpublish(publication=publication)
    messages.success(request, _("Taken off the site. It is a draft again."))
    return redirect("activities_staff:publication_edit", pk=publication.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def training_new(request: HttpRequest) -> HttpResponse:
    return training_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def training_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    instance = _editable(request, Training, pk)
    return _record(
        request,
        form_class=forms.TrainingForm,
        instance=instance,
        save=lambda form, obj: services.training_save(
            training=obj,
            fields=form.fields_for_service(),
            organisations=_organisations(form, "organisations", "new_organisations"),
            actor=_user(request),
        ),
        back="activities_staff:trainings",
        extra={"training": instance},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def assessment_new(request: HttpRequest) -> HttpResponse:
    return assessment_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def assessment_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    return _record(
        request,
        form_class=forms.NeedsAssessmentForm,
        instance=_editable(request, NeedsAssessment, pk),
        save=lambda form, obj: services.needs_assessment_save(
            assessment=obj, fields=form.fields_for_service()
        ),
        back="activities_staff:assessments",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def event_new(request: HttpRequest) -> HttpResponse:
    return event_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def event_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    return _record(
        request,
        form_class=forms.EventForm,
        instance=_editable(request, Event, pk),
        save=lambda form, obj: services.event_save(
            event=obj,
            fields=form.fields_for_service(),
            partners=_organisations(form, "partners", "new_partners"),
            translations=form.translations(),
        ),
        back="activities_staff:events",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    return campaign_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def campaign_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    return _record(
        request,
        form_class=forms.CampaignForm,
        instance=_editable(request, Campaign, pk),
        save=lambda form, obj: services.campaign_save(
            campaign=obj,
            fields=form.fields_for_service(),
            targets=form.cleaned_data["targets"],
            partners=_organisations(form, "partners", "new_partners"),
            translations=form.translations(),
        ),
        back="activities_staff:campaigns",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def milestone_new(request: HttpRequest) -> HttpResponse:
    return milestone_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def milestone_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    return _record(
        request,
        form_class=forms.MilestoneForm,
        instance=_editable(request, Milestone, pk),
        save=lambda form, obj: services.milestone_save(
            milestone=obj, fields=form.fields_for_service(), translations=form.translations()
        ),
        back="activities_staff:milestones",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def media_mention_new(request: HttpRequest) -> HttpResponse:
    return media_mention_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def media_mention_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    return _record(
        request,
        form_class=forms.MediaMentionForm,
        instance=_editable(request, MediaMention, pk),
        save=lambda form, obj: services.media_mention_save(
            mention=obj, fields=form.fields_for_service()
        ),
        back="activities_staff:media",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def communications_new(request: HttpRequest) -> HttpResponse:
    return communications_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def communications_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    return _record(
        request,
        form_class=forms.CommunicationsFigureForm,
        instance=_editable(request, CommunicationsFigure, pk),
        save=lambda form, obj: services.communications_figure_save(
            figure=obj, fields=form.fields_for_service()
        ),
        back="activities_staff:communications",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def organisation_new(request: HttpRequest) -> HttpResponse:
    return organisation_edit(request, None)


@require_http_methods(["GET", "POST"])
@staff_required
def organisation_edit(request: HttpRequest, pk: int | None) -> HttpResponse:
    return _record(
        request,
        form_class=forms.OrganisationForm,
        instance=_editable(request, Organisation, pk),
        save=lambda form, obj: services.organisation_save(
            organisation=obj, fields=form.fields_for_service()
        ),
        back="activities_staff:organisations",
    )
