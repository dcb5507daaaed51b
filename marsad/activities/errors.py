from django.utils.translation import gettext_lazy as _

from marsad.core.errors import DomainError


class PublicationIncomplete(DomainError):
    code = "activities.publication_incomplete"
    message = _(
        "Before publishing, give a title and a document or a link in at least one language."
    )


class AlreadyPublished(DomainError):
    code = "activities.already_published"
    message = _("This publication is already on the site.")


class NotPublished(DomainError):
    code = "activities.not_published"
    message = _("This publication is not on the site.")
