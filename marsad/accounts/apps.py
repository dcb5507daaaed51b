from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "marsad.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        # Keep the role groups in step with roles.py after every migrate. This is set-up of
        # permissions (like Django's own create_permissions), not domain logic. It listens to
        # every app's post_migrate, since permissions of apps migrated after this one only
        # exist by then; the sync is idempotent and cheap.
        from allauth.account.signals import authentication_step_completed
        from allauth.mfa.signals import authentication_failed, authenticator_added
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from marsad.accounts import receivers
        from marsad.accounts.services import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="marsad-roles-sync")
        # The sign-in record and the session clock (audit infrastructure, see receivers.py).
        # user_login_failed is connected here, before axes connects its own receiver, so a
        # failure is recorded before axes counts it (and perhaps locks the client out).
        authentication_step_completed.connect(
            receivers.on_authentication_step, dispatch_uid="marsad-signin-step"
        )
        user_login_failed.connect(receivers.on_login_failed, dispatch_uid="marsad-signin-failed")
        authentication_failed.connect(receivers.on_mfa_failed, dispatch_uid="marsad-mfa-failed")
        user_logged_in.connect(receivers.on_logged_in, dispatch_uid="marsad-session-start")
        authenticator_added.connect(
            receivers.on_authenticator_added, dispatch_uid="marsad-mfa-enrolled"
        )
