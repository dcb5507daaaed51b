"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from marsad.core import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted (Fernet). Not searchable or sortable by design.

    Reading the attribute decrypts; code that shows the value to a person must go through a
    selector that logs the read (see intake.selectors.contact_reveal).
    """

    description = "Encrypted text"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
