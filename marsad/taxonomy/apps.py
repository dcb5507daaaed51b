from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "marsad.taxonomy"
    label = "taxonomy"
    verbose_name = _("Taxonomy")

    def ready(self) -> None:
        """A saved or deleted term, or one of its translations, forgets what was rendered
        from the vocabularies once the change is committed (the admin, the loaders, the
        shell alike)."""
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from marsad.taxonomy.models import VOCABULARIES
        from marsad.taxonomy.selectors import vocabularies_changed

        def changed(sender: Any, **kwargs: Any) -> None:
            transaction.on_commit(vocabularies_changed)

        for model in VOCABULARIES:
            for sender in (model, model._parler_meta.root_model):
                # weak=False: the receiver is local to this method.
                post_save.connect(
                    changed, sender=sender, weak=False, dispatch_uid=f"vocab-save-{sender}"
                )
                post_delete.connect(
                    changed, sender=sender, weak=False, dispatch_uid=f"vocab-del-{sender}"
                )
