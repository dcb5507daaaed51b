"""The address an administrator gave each account becomes its verified, primary address.

Links to set a new password now go only to verified addresses (``StaffResetPasswordForm``).
Before this, addresses entered by administrators were never marked verified, so without this
step nobody could reset a forgotten password. An address another account already has as its
verified one is left unverified (two accounts cannot share one). A change a staff member asked
for and never confirmed stays unverified, so it gets no link.
"""

from django.db import migrations


def vouch_for_entered_addresses(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    taken = set(EmailAddress.objects.filter(verified=True).values_list("email", flat=True))
    for user in User.objects.exclude(email="").order_by("pk").iterator():
        email = user.email.strip().lower()
        if not email or email in taken:
            continue
        if email != user.email:
            User.objects.filter(pk=user.pk).update(email=email)
        EmailAddress.objects.filter(user=user, primary=True).exclude(email=email).update(
            primary=False
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        taken.add(email)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_stafftoken"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(vouch_for_entered_addresses, migrations.RunPython.noop)]
