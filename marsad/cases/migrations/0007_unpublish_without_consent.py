"""Before publication followed consent, a reporter's withdrawal left the case published.
Unpublish every published violation with no consenting, non-withdrawn report (of its own or
of a violation merged into it), as ``cases.publication`` now does at the withdrawal: with a
``consent_ended`` event and out of the search index. (The public caches need nothing here:
their keys changed with the same release, so nothing cached before is read again.)"""

from django.db import migrations
from django.db.models import Exists, OuterRef
from django.utils import timezone


def unpublish_without_consent(apps, schema_editor):
    Violation = apps.get_model("cases", "Violation")
    TimelineEvent = apps.get_model("cases", "TimelineEvent")
    Report = apps.get_model("intake", "Report")
    SearchText = apps.get_model("observatory", "SearchText")
    consenting = Report.objects.filter(consent_publish=True).exclude(triage_state="withdrawn")
    own = consenting.filter(violation_id=OuterRef("pk"))
    # Only those without a consenting report of their own need the merged ones looked at.
    candidates = list(
        Violation.objects.filter(is_published=True)
        .exclude(Exists(own))
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    for pk in candidates:
        family, frontier = {pk}, {pk}
        while frontier:
            frontier = (
                set(Violation.objects.filter(merged_into__in=frontier).values_list("pk", flat=True))
                - family
            )
            family |= frontier
        if consenting.filter(violation_id__in=family).exists():
            continue
        Violation.objects.filter(pk=pk).update(is_published=False, published_at=None)
        TimelineEvent.objects.create(
            violation_id=pk,
            kind="consent_ended",
            actor=None,
            at=now,
            before={"published": True},
            after={"published": False},
        )
        SearchText.objects.filter(violation_id=pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_consent_ended_event"),
        ("intake", "0004_reportfile_ingest_attempts"),
        ("observatory", "0002_search_filters"),
    ]

    operations = [
        migrations.RunPython(unpublish_without_consent, migrations.RunPython.noop, elidable=True),
    ]
