"""What each role may do, as Django permissions ("app_label.codename").

A permission that does not exist yet (its app is not installed or not migrated) is skipped by
``roles_sync``; later apps add their codenames here in the same commit as their models.
"""

from marsad.accounts.choices import Role

_VIEW_TAXONOMY = [
    f"taxonomy.view_{model}"
    for model in (
        "platform",
        "violationtypegroup",
        "violationtype",
        "perpetratortype",
        "victimtype",
        "region",
        "tag",
        "crisisperiod",
    )
]
_EDIT_TAXONOMY = [
    f"taxonomy.{action}_{model}"
    for action in ("add", "change")
    for model in (
        "platform",
        "violationtypegroup",
        "violationtype",
        "perpetratortype",
        "victimtype",
        "region",
        "tag",
        "crisisperiod",
    )
]

# Evidence: documenters and coordinators work with it (coordinators send packages to
# platforms); analysts and administrators have no need to see what reporters sent.
_EVIDENCE = [
    "evidence.view_evidenceitem",
    "evidence.add_evidenceitem",
    "evidence.download_original",
    "evidence.export_package",
]

# The organisation's record (activities) and the mailing list (newsletter).
_ACTIVITY_MODELS = (
    "publication",
    "training",
    "needsassessment",
    "event",
    "campaign",
    "milestone",
    "mediamention",
    "communicationsfigure",
    "organisation",
)
_VIEW_ACTIVITIES = [f"activities.view_{model}" for model in _ACTIVITY_MODELS] + [
    "activities.view_topic",
    "activities.view_advocacytarget",
]
_RECORD_ACTIVITIES = [
    f"activities.{action}_{model}" for action in ("add", "change") for model in _ACTIVITY_MODELS
]
_EDIT_ACTIVITY_VOCABULARIES = [
    f"activities.{action}_{model}"
    for action in ("add", "change")
    for model in ("topic", "advocacytarget")
]

# Reports: analysts (the communications team) generate them, write their texts and make
# them publications; coordinators and administrators read them.
_WRITE_REPORTS = [
    "reporting.view_report",
    "reporting.add_report",
    "reporting.change_report",
    "reporting.generate_report",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.DOCUMENTER: [
        *_VIEW_TAXONOMY,
        "intake.view_report",
        "intake.change_report",
        "intake.reveal_contact",
        "cases.view_violation",
        "cases.add_violation",
        "cases.change_violation",
        "cases.view_timelineevent",
        *_EVIDENCE,
        "escalations.view_escalation",
    ],
    Role.COORDINATOR: [
        *_VIEW_TAXONOMY,
        "intake.view_report",
        "intake.reveal_contact",
        "cases.view_violation",
        "cases.change_violation",
        "cases.view_timelineevent",
        *_EVIDENCE,
        # Escalations: sending (one by one or in batches), answers, outcomes, follow-ups.
        "escalations.view_escalation",
        "escalations.add_escalation",
        "escalations.change_escalation",
        "escalations.view_batch",
        "escalations.add_batch",
        "escalations.change_batch",
        "escalations.view_platformpolicy",
        "reporting.view_report",
    ],
    # Analysts are also the communications team: they record the organisation's work and
    # write and send mailings; they see how many subscribers there are, never who.
    Role.ANALYST: [
        *_VIEW_TAXONOMY,
        "cases.view_violation",
        "escalations.view_escalation",
        *_VIEW_ACTIVITIES,
        *_RECORD_ACTIVITIES,
        "newsletter.view_mailing",
        "newsletter.add_mailing",
        "newsletter.change_mailing",
        "newsletter.send_mailing",
        "newsletter.view_subscriber",
        "newsletter.change_subscriber",
        *_WRITE_REPORTS,
    ],
    Role.ADMIN: [
        *_VIEW_TAXONOMY,
        *_EDIT_TAXONOMY,
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        # The sign-in record (read-only in the admin), lockouts to lift, and a staff member's
        # authenticator to remove when their phone is lost (they set up a new one at sign-in).
        "accounts.view_signinevent",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "mfa.view_authenticator",
        "mfa.delete_authenticator",
        "intake.view_report",
        # Who opened reporters' contact details, when and why (read-only in the admin).
        "intake.view_contactaccesslog",
        "intake.view_partnertoken",
        "intake.add_partnertoken",
        "cases.view_violation",
        "cases.view_timelineevent",
        "escalations.view_escalation",
        "escalations.view_batch",
        # How many days each platform has to answer; staff API tokens for staff scripts.
        "escalations.view_platformpolicy",
        "escalations.add_platformpolicy",
        "escalations.change_platformpolicy",
        "accounts.view_stafftoken",
        "accounts.add_stafftoken",
        *_VIEW_ACTIVITIES,
        *_EDIT_ACTIVITY_VOCABULARIES,
        # Requests about a subscriber's own data (find, show, export, erase), all logged.
        "newsletter.view_mailing",
        "newsletter.view_subscriber",
        "newsletter.change_subscriber",
        "newsletter.manage_subscriber",
        "reporting.view_report",
    ],
    Role.PARTNER: [],
}
