from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marsad.accounts.choices import Role, SignInMethod, SignInOutcome


class User(AbstractUser):
    """A staff member or partner organisation account. Reporters never have accounts."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        default="ar",
        choices=[("ar", "العربية"), ("en", "English"), ("he", "עברית")],
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def is_staff_member(self) -> bool:
        return self.is_active and self.role in {
            Role.DOCUMENTER,
            Role.COORDINATOR,
            Role.ANALYST,
            Role.ADMIN,
        }


class SignInEvent(models.Model):
    """One step of a staff sign-in (password, then the second factor), as it happened.

    The client is a keyed hash of its address (``keyed_hash("client", ...)``): the same
    address gives the same value, but the address cannot be read back from it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_in_events",
        help_text=_("Empty when the name typed matches no account."),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=SignInOutcome.choices)
    method = models.CharField(_("method"), max_length=16, choices=SignInMethod.choices)
    user_agent_family = models.CharField(_("browser"), max_length=40, blank=True)
    client = models.CharField(_("client (keyed hash)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "-at"], name="signin_user_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.method} {self.outcome}"


class StaffToken(models.Model):
    """An API token acting for one staff member, for scripts that keep the escalation ledger
    (docs/security.md, "Staff API tokens"). Only its SHA-256 is stored. What a request may do
    is the least of three: the token's access (read, or read and write), the staff member's
    role at the moment of the request, and the token's expiry."""

    class Access(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_tokens",
        verbose_name=_("staff member"),
    )
    name = models.CharField(_("name"), max_length=100)
    access = models.CharField(
        _("access"), max_length=10, choices=Access.choices, default=Access.READ
    )
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff API token")
        verbose_name_plural = _("staff API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
