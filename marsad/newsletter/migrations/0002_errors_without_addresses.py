"""Before errors were stored without addresses, a delivery's ``last_error`` kept what the mail
server answered, which quotes the recipient (``550 5.1.1 <someone@example.org>: ...``), and
the text of an address Django could not put on an envelope: subscribers' addresses in clear,
shown to analysts and left behind by an erasure. Replace every address in the errors already
kept, as ``sending.without_addresses`` now does before keeping one."""

import re

from django.db import migrations

# The same pattern as ``marsad.newsletter.sending`` (copied: a migration keeps its own).
ADDRESS = re.compile(r"<?[^\s<>@\"',;:()\[\]]+@[^\s<>@\"',;:()\[\]]+>?")
UNUSABLE_ADDRESS = "The address cannot be put on an envelope."


def _clean(text):
    if text.startswith("Invalid address"):
        return UNUSABLE_ADDRESS
    return ADDRESS.sub("<address>", text).replace("<<address>>", "<address>")


def errors_without_addresses(apps, schema_editor):
    for model in (apps.get_model("newsletter", "Delivery"), apps.get_model("newsletter", "Mailing")):
        rows = model.objects.filter(last_error__contains="@").values_list("pk", "last_error")
        for pk, text in rows.iterator():
            model.objects.filter(pk=pk).update(last_error=_clean(text))


class Migration(migrations.Migration):
    dependencies = [("newsletter", "0001_initial")]

    operations = [
        migrations.RunPython(errors_without_addresses, migrations.RunPython.noop, elidable=True),
    ]
