from marsad.intake.choices import TriageState
from marsad.intake.models import Report


def reports_new_count() -> int:
    """Reports waiting for triage."""
    return Report.objects.filter(triage_state=TriageState.NEW).count()
