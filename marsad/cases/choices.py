"""Violation statuses and the transitions allowed between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    NEEDS_INFO = "needs_info", _("More information needed")
    DOCUMENTED = "documented", _("Documented")
    REJECTED = "rejected", _("Rejected")
    ESCALATED = "escalated", _("Escalated")
    CLOSED = "closed", _("Closed")


class RejectionReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
    INSUFFICIENT_EVIDENCE = "insufficient_evidence", _("Insufficient evidence")
    DUPLICATE = "duplicate", _("Duplicate")
    SPAM = "spam", _("Spam")
    WITHDRAWN = "withdrawn", _("Withdrawn by the reporter")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    STATUS_CHANGED = "status_changed", _("Status changed")
    REPORT_ATTACHED = "report_attached", _("Report attached")
    CLASSIFIED = "classified", _("Classification changed")
    NOTE = "note", _("Note")
    QUESTION = "question", _("Question to the reporter")
    MERGED = "merged", _("Merged")
    SPLIT = "split", _("Merge undone")
    ASSIGNED = "assigned", _("Assigned")
    SUMMARY = "summary", _("Public summary changed")
    PUBLICATION = "publication", _("Publication decision")
    VICTIM = "victim", _("Victims changed")
    ESCALATION = "escalation", _("Escalation")
    # Written by the system (no actor) when no report consents to publication any more.
    CONSENT_ENDED = "consent_ended", _("Unpublished: consent ended")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Profession(models.TextChoices):
    JOURNALIST = "journalist", _("Journalist")
    HUMAN_RIGHTS_DEFENDER = "hrd", _("Human-rights defender")
    ACTIVIST = "activist", _("Activist")
    ACADEMIC = "academic", _("Academic or researcher")
    ARTIST = "artist", _("Artist or writer")
    POLITICIAN = "politician", _("Politician")
    STUDENT = "student", _("Student")
    OTHER = "other", _("Other")


class FlagOrigin(models.TextChoices):
    """Santa Clara Principles: where the platform's action came from."""

    AUTOMATED = "automated", _("Automated detection")
    USER_REPORT = "user_report", _("Reported by users")
    GOVERNMENT = "government", _("Government request")
    UNKNOWN = "unknown", _("Unknown")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class AppealOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    UPHELD = "upheld", _("Decision upheld")
    REVERSED = "reversed", _("Decision reversed")
    NO_ANSWER = "no_answer", _("No answer")


# Statuses a violation only reaches once verified; it keeps its documented date from then on.
VERIFIED_STATUSES = frozenset({Status.DOCUMENTED, Status.ESCALATED, Status.CLOSED})

# from-status -> allowed to-statuses. Anything else is refused by violation_transition.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.IN_REVIEW, Status.NEEDS_INFO, Status.REJECTED}),
    Status.IN_REVIEW: frozenset({Status.NEEDS_INFO, Status.DOCUMENTED, Status.REJECTED}),
    Status.NEEDS_INFO: frozenset({Status.IN_REVIEW, Status.DOCUMENTED, Status.REJECTED}),
    Status.DOCUMENTED: frozenset({Status.ESCALATED, Status.CLOSED, Status.IN_REVIEW}),
    Status.ESCALATED: frozenset({Status.CLOSED, Status.DOCUMENTED}),
    Status.REJECTED: frozenset({Status.IN_REVIEW}),
    # Closed -> escalated: a closed case escalated again (a refusal taken up once more).
    Status.CLOSED: frozenset({Status.IN_REVIEW, Status.ESCALATED}),
}

# Moves that reopen or step back a decision; they need a written reason.
REOPENINGS: frozenset[tuple[str, str]] = frozenset(
    {
        (Status.DOCUMENTED, Status.IN_REVIEW),
        (Status.ESCALATED, Status.DOCUMENTED),
        (Status.REJECTED, Status.IN_REVIEW),
        (Status.CLOSED, Status.IN_REVIEW),
    }
)
