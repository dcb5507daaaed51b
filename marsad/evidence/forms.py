from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from marsad.intake.uploads import CheckedFile, check_upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need it?"),
        max_length=500,
        strip=True,
        help_text=_("Kept in the chain of custody with your name and the time."),
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False, strip=True)

    def clean_file(self) -> CheckedFile:
        return check_upload(self.cleaned_data["file"])


class CaptureForm(forms.Form):
    url = forms.URLField(label=_("Link to capture"), max_length=2000, assume_scheme="https")

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise ValidationError(_("Only http and https links can be captured."), code="scheme")
        return url
