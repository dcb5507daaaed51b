from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "marsad.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")

    def worker_starting(self) -> None:
        """Called by ``marsad worker`` when it starts: mailings whose worker was stopped
        (killed, its machine lost) resume, without sending anyone a second copy."""
        # Imported here as in ready(): models cannot be imported while apps load.
        from marsad.newsletter.services import mailings_resume_interrupted

        mailings_resume_interrupted()
