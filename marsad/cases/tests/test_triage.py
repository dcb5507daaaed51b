"""Triage and case work: reports become violations, merges are reversible, publication needs
consent, every step is on the timeline."""

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_user
from marsad.accounts.choices import Role
from marsad.cases import services
from marsad.cases.choices import EventKind, Status
from marsad.cases.errors import MergeNotAllowed, PublishNotAllowed, ReportAlreadyTriaged
from marsad.cases.events import event_record
from marsad.cases.models import Violation
from marsad.cases.selectors import (
    report_duplicate_candidates,
    violation_reports,
    violations_documented_in_year,
)
from marsad.intake import services as intake_services
from marsad.intake.choices import Channel, TriageState, Trust
from marsad.intake.models import ContactAccessLog, Report, ReporterMessage
from marsad.intake.selectors import report_public_status
from marsad.intake.services import ContactData, ReportData
from marsad.taxonomy.models import Platform, ViolationType

pytestmark = pytest.mark.django_db


def report(material: str, **fields) -> Report:
    data = {
        "description": f"report {material}",
        "language": "ar",
        "links": ["https://x.com/p/1"],
        "consent_publish": True,
        "consent_share_with_platform": True,
        "platform": Platform.objects.get(slug="instagram"),
        "violation_type": ViolationType.objects.get(slug="content-removal"),
    }
    data.update(fields)
    return intake_services.report_submit(
        data=ReportData(**data),
        files=[],
        channel=Channel.WEB_FORM,
        trust=Trust.NORMAL,
        submission_material=material,
    ).report


@pytest.fixture
def documenter():
    return make_user(Role.DOCUMENTER)


def test_open_a_violation_from_a_report(documenter):
    r = report("a")
    violation = services.violation_open_from_report(report=r, actor=documenter)
    r.refresh_from_db()
    assert (r.triage_state, r.violation) == (TriageState.ATTACHED, violation)
    assert violation.platform.slug == "instagram"
    assert violation.violation_type.slug == "content-removal"
    assert violation.events.get().after == {"status": "new", "from_report": r.pk}
    with pytest.raises(ReportAlreadyTriaged):
        services.violation_open_from_report(report=r, actor=documenter)
    assert Violation.objects.count() == 1


def test_duplicates_by_link_and_attach(documenter):
    first, second = report("a"), report("b")
    third = report("c", links=["https://t.me/other"])
    assert report_duplicate_candidates(second) == [first]
    assert report_duplicate_candidates(third) == []
    violation = services.violation_open_from_report(report=first, actor=documenter)
    services.report_attach(report=second, violation=violation, actor=documenter)
    assert {r.pk for r in violation_reports(violation)} == {first.pk, second.pk}


def test_merge_keeps_reports_and_split_undoes_it(documenter):
    a = services.violation_open_from_report(report=report("a"), actor=documenter)
    b = services.violation_open_from_report(report=report("b"), actor=documenter)
    services.violation_merge(source=b, target=a, actor=documenter, note="same post")
    assert len(violation_reports(a)) == 2
    assert Report.objects.filter(violation=b).count() == 1  # provenance kept
    with pytest.raises(MergeNotAllowed):
        services.violation_merge(source=a, target=b, actor=documenter)
    services.violation_split(source=b, actor=documenter, note="different incidents")
    b.refresh_from_db()
    assert b.merged_into is None
    assert len(violation_reports(a)) == 1
    assert [e.kind for e in b.events.all()] == ["created", "merged", "split"]


def test_merged_violations_do_not_count(documenter):
    a = services.violation_open_from_report(report=report("a"), actor=documenter)
    b = services.violation_open_from_report(report=report("b"), actor=documenter)
    for v in (a, b):
        services.violation_transition(violation=v, to=Status.IN_REVIEW, actor=documenter)
        services.violation_transition(violation=v, to=Status.DOCUMENTED, actor=documenter)
    year = a.documented_at.astimezone().year
    assert violations_documented_in_year(year=year) == 2
    services.violation_merge(source=b, target=a, actor=documenter)
    assert violations_documented_in_year(year=year) == 1


def test_question_goes_to_the_reporter_and_the_status_waits(documenter):
    r = report("a")
    violation = services.violation_open_from_report(report=r, actor=documenter)
    services.violation_transition(violation=violation, to=Status.IN_REVIEW, actor=documenter)
    services.violation_ask_reporter(
        violation=violation, report=r, actor=documenter, question="هل لديك لقطة شاشة؟"
    )
    violation.refresh_from_db()
    assert violation.status == Status.NEEDS_INFO
    assert ReporterMessage.objects.get(report=r).body == "هل لديك لقطة شاشة؟"
    r.refresh_from_db()
    assert report_public_status(r).code == "needs_info"


def test_a_withdrawal_erases_our_questions_to_the_reporter_from_the_timeline(documenter):
    """The reporter is told that withdrawing deletes "our messages with you": the questions
    put to them (which may quote them) leave the timeline too, wherever they were written,
    and the timeline says that something was erased. Other notes stay."""
    question = "zq7 قلت إن حساب أخيك @zq7_brother اختُرق، متى؟"
    mine = report("mine")
    other = report("other")
    violation = services.violation_open_from_report(report=mine, actor=documenter)
    services.report_attach(report=other, violation=violation, actor=documenter)
    services.violation_transition(violation=violation, to=Status.IN_REVIEW, actor=documenter)
    services.violation_ask_reporter(
        violation=violation, report=mine, actor=documenter, question=question
    )
    services.violation_ask_reporter(
        violation=violation, report=other, actor=documenter, question="zq8 سؤال للمبلّغ الآخر"
    )
    services.violation_add_note(violation=violation, actor=documenter, note="zq9 ملاحظة داخلية")
    # Older versions also copied the question into the status change's note.
    event_record(
        violation=violation,
        kind=EventKind.STATUS_CHANGED,
        actor=documenter,
        at=timezone.now(),
        before={"status": Status.IN_REVIEW},
        after={"status": Status.NEEDS_INFO},
        note=question,
    )
    assert violation.events.filter(note__contains="zq7").count() == 2  # the premise

    intake_services.report_withdraw(report=mine)

    events = list(violation.events.order_by("at", "pk"))
    assert [(e.kind, e.note) for e in events if "zq7" in e.note] == []
    erased = [e for e in events if e.after.get("erased")]
    assert [(e.kind, e.after.get("report"), e.actor) for e in erased] == [
        (EventKind.NOTE, mine.pk, documenter),
        (EventKind.STATUS_CHANGED, None, documenter),
    ]
    assert [e.note for e in events if e.note.startswith(("zq8", "zq9"))] == [
        "zq8 سؤال للمبلّغ الآخر",
        "zq9 ملاحظة داخلية",
    ]
    page = Client()
    page.force_login(documenter)
    html = page.get(f"/staff/violations/{violation.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "zq7" not in html.content.decode()
    assert "Erased when the reporter withdrew their report." in html.content.decode()


def test_classification_changes_are_on_the_timeline(documenter):
    violation = services.violation_open_from_report(report=report("a"), actor=documenter)
    services.violation_classify(
        violation=violation,
        actor=documenter,
        changes={"platform": Platform.objects.get(slug="facebook"), "flag_origin": "automated"},
    )
    event = violation.events.filter(kind=EventKind.CLASSIFIED).get()
    assert event.before == {"platform": "instagram", "flag_origin": ""}
    assert event.after == {"platform": "facebook", "flag_origin": "automated"}


def test_publication_needs_consent_documentation_and_a_redacted_summary(documenter):
    r = report("a", consent_publish=False)
    violation = services.violation_open_from_report(report=r, actor=documenter)
    services.violation_transition(violation=violation, to=Status.IN_REVIEW, actor=documenter)
    services.violation_transition(violation=violation, to=Status.DOCUMENTED, actor=documenter)
    full = dict.fromkeys(
        ("no_names", "no_handles_or_links", "no_location_details", "no_contact_details"), True
    )
    services.violation_write_summary(
        violation=violation, actor=documenter, language="ar", text="حُذف منشور صحفي.", checklist=full
    )
    with pytest.raises(PublishNotAllowed):  # no consent
        services.violation_set_published(violation=violation, actor=documenter, published=True)
    Report.objects.filter(pk=r.pk).update(consent_publish=True)
    services.violation_write_summary(
        violation=violation,
        actor=documenter,
        language="en",
        text="A journalist's post removed.",
        checklist={**full, "no_names": False},
    )
    with pytest.raises(PublishNotAllowed):  # the English checklist is incomplete
        services.violation_set_published(violation=violation, actor=documenter, published=True)
    services.violation_write_summary(
        violation=violation,
        actor=documenter,
        language="en",
        text="A journalist's post removed.",
        checklist=full,
    )
    services.violation_set_published(violation=violation, actor=documenter, published=True)
    violation.refresh_from_db()
    assert violation.is_published


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("partner", False),
        ("analyst", False),
        ("admin", False),
        ("coordinator", False),
        ("documenter", True),
    ],
)
def test_open_from_report_permission_matrix(persona_client, persona, allowed):
    r = report("a")
    response = persona_client(persona).post(f"/staff/reports/{r.pk}/open/")
    r.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert r.triage_state == TriageState.ATTACHED
    else:
        assert response.status_code in (302, 403)
        assert r.triage_state == TriageState.NEW
        assert not Violation.objects.exists()


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("anonymous", False),
        ("partner", False),
        ("analyst", False),
        ("coordinator", True),
        ("documenter", True),
        ("admin", False),
    ],
)
def test_contact_reveal_is_limited_and_logged(persona_client, persona, allowed):
    r = report("a", contact=ContactData(email="reporter@example.org"), consent_contact=True)
    response = persona_client(persona).post(
        f"/staff/reports/{r.pk}/contact/", {"reason": "follow up on the screenshot"}
    )
    html = response.content.decode()
    if allowed:
        assert response.status_code == 200
        assert "reporter@example.org" in html
        assert ContactAccessLog.objects.get().reason == "follow up on the screenshot"
    else:
        assert response.status_code in (302, 403)
        assert "reporter@example.org" not in html
        assert not ContactAccessLog.objects.exists()


def test_inbox_query_count_is_pinned(persona_client, django_assert_num_queries):
    client = persona_client("documenter")
    for i in range(30):
        report(str(i))
    # session, user, 2 × permissions, the paginator count, 2 × 2 filter vocabularies (with
    # their translations, which also label the rows), the page of reports: not one per row.
    with django_assert_num_queries(10):
        response = client.get("/staff/reports/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.content.decode().count('name="reports"') == 30


def test_inbox_counts_only_as_far_as_its_pages_reach(persona_client, monkeypatch):
    """At millions of reports the count would cost more than the page: it stops past the cap,
    the caption says "more than", and no page beyond the cap is offered or served."""
    from marsad.core import pagination

    monkeypatch.setattr(pagination, "STAFF_COUNT_CAP", 100)
    monkeypatch.setattr("marsad.cases.selectors.INBOX_PAGE_SIZE", 20)
    for i in range(103):
        report(str(i))
    client = persona_client("documenter")
    first = client.get("/staff/reports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "More than 100 reports" in first
    assert "Page 1 of 5" in first
    assert "Only the first 5 pages are shown" in first
    arabic = client.get("/staff/reports/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "أكثر من 100" in arabic
    # Asking for page 6 (or 6000) gives the last page the cap allows, not an error.
    last = client.get("/staff/reports/?page=6000", HTTP_ACCEPT_LANGUAGE="en")
    assert last.status_code == 200
    assert "Page 5 of 5" in last.content.decode()
    assert last.content.decode().count('name="reports"') == 20
    # Under the cap the figure is exact.
    Report.objects.filter(pk__in=Report.objects.order_by("pk").values("pk")[:10]).delete()
    exact = client.get("/staff/reports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "93 reports" in exact
    assert "More than" not in exact
    assert "Only the first" not in exact


def test_violation_list_query_count_is_pinned(persona_client, django_assert_num_queries):
    client = persona_client("analyst")
    documenter = make_user(Role.DOCUMENTER, "doc2")
    for i in range(12):
        services.violation_open_from_report(report=report(str(i)), actor=documenter)
    with django_assert_num_queries(11):
        response = client.get("/staff/violations/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_documenter_walks_a_case_through_the_staff_pages(persona_client):
    client: Client = persona_client("documenter")
    r = report("a")
    response = client.post(f"/staff/reports/{r.pk}/open/")
    violation = Violation.objects.get()
    assert response["Location"] == f"/staff/violations/{violation.pk}/"
    page = client.get(f"/staff/violations/{violation.pk}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert page.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page.content.decode()
    client.post(f"/staff/violations/{violation.pk}/status/", {"to": "in_review"})
    client.post(f"/staff/violations/{violation.pk}/status/", {"to": "documented"})
    violation.refresh_from_db()
    assert violation.status == Status.DOCUMENTED
    refused = client.post(
        f"/staff/violations/{violation.pk}/status/",
        {"to": "in_review"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Reopening a decision needs a written reason." in refused.content.decode()
    violation.refresh_from_db()
    assert violation.status == Status.DOCUMENTED


def test_victims_are_recorded_and_removed_on_the_timeline(documenter):
    from marsad.taxonomy.models import Region, VictimType

    violation = services.violation_open_from_report(report=report("a"), actor=documenter)
    victim = services.violation_add_victim(
        violation=violation,
        actor=documenter,
        victim_type=VictimType.objects.get(slug="journalist"),
        gender="woman",
        profession="journalist",
        region=Region.objects.get(slug="gaza-strip"),
    )
    assert violation.victims.count() == 1
    services.violation_remove_victim(violation=violation, actor=documenter, victim_id=victim.pk)
    assert violation.victims.count() == 0
    events = [e.before or e.after for e in violation.events.filter(kind=EventKind.VICTIM)]
    assert events == [
        {
            "added": victim.pk,
            "victim_type": "journalist",
            "gender": "woman",
            "profession": "journalist",
            "region": "gaza-strip",
        },
        {
            "removed": victim.pk,
            "victim_type": "journalist",
            "gender": "woman",
            "profession": "journalist",
            "region": "gaza-strip",
        },
    ]


def test_similar_words_on_the_same_platform_are_candidates_too():
    base = report("a", links=[], description="أزال إنستغرام منشوري عن قصف المستشفى في غزة اليوم")
    close = report("b", links=[], description="ازال انستغرام منشوري عن قصف المستشفى بغزة اليوم")
    unrelated = report("c", links=[], description="تم اختراق حسابي على فيسبوك وتغيير كلمة المرور")
    other_platform = report(
        "d",
        links=[],
        platform=Platform.objects.get(slug="tiktok"),
        description="أزال إنستغرام منشوري عن قصف المستشفى في غزة اليوم",
    )
    candidates = report_duplicate_candidates(base)
    assert candidates == [close]
    assert unrelated not in candidates
    assert other_platform not in candidates


def test_bulk_assign_and_tag_through_the_list(persona_client):
    from marsad.taxonomy.models import Tag

    documenter = make_user(Role.DOCUMENTER, "doc-bulk")
    cases = [
        services.violation_open_from_report(report=report(str(i)), actor=documenter)
        for i in range(3)
    ]
    tag = Tag.objects.create(slug="mass-reporting")
    client = persona_client("coordinator")
    ids = [cases[0].pk, cases[1].pk]
    client.post(
        "/staff/violations/", {"violations": ids, "action": "assign", "assignee": documenter.pk}
    )
    client.post("/staff/violations/", {"violations": ids, "action": "tag", "tag": tag.pk})
    for case in cases:
        case.refresh_from_db()
    assert [c.assignee_id for c in cases] == [documenter.pk, documenter.pk, None]
    assert [list(c.tags.values_list("slug", flat=True)) for c in cases] == [
        ["mass-reporting"],
        ["mass-reporting"],
        [],
    ]
    assert cases[0].events.filter(kind=EventKind.ASSIGNED).count() == 1
    # An analyst reads but cannot change.
    denied = persona_client("analyst").post(
        "/staff/violations/",
        {"violations": [cases[2].pk], "action": "assign", "assignee": documenter.pk},
    )
    cases[2].refresh_from_db()
    assert denied.status_code == 403
    assert cases[2].assignee_id is None


def test_additional_types_are_classified_on_the_timeline(documenter):
    violation = services.violation_open_from_report(report=report("a"), actor=documenter)
    blackmail = ViolationType.objects.get(slug="blackmail")
    services.violation_classify(
        violation=violation, actor=documenter, changes={}, additional_types=[blackmail]
    )
    assert list(violation.additional_types.values_list("slug", flat=True)) == ["blackmail"]
    event = violation.events.filter(kind=EventKind.CLASSIFIED).get()
    assert (event.before, event.after) == (
        {"additional_types": []},
        {"additional_types": ["blackmail"]},
    )
