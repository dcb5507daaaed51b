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
        from marsad.accounts.services import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="marsad-roles-sync")
