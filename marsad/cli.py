"""The ``marsad`` command: Django's management commands with Marsad's own on top.

``marsad demo``, ``marsad serve``, ``marsad worker`` and ``marsad seed-demo`` are management
commands; Django's own (``marsad migrate``, ``marsad check --deploy`` ...) work unchanged. A
malformed setting stops start-up with one line instead of a traceback.
"""

from __future__ import annotations

import os
import sys

from marsad.core import filemodes

# Dashed spellings of Marsad's commands map to their management-command names.
ALIASES = {
    "seed-demo": "seed_demo",
    "intake-digest": "intake_digest",
    "escalations-digest": "escalations_digest",
    "rotate-keys": "rotate_keys",
}
# ``marsad import KIND``: each kind is imported by the app that owns it (``import reports`` is
# the intake's ``import`` command; the others are their apps' own commands).
IMPORT_KINDS = {
    "communications": "import_communications",
    "attendance": "import_attendance",
}


def main(argv: list[str] | None = None) -> None:
    # First of all: what this process (and gunicorn or the worker after it) creates is
    # private to the service user (marsad/core/filemodes.py).
    filemodes.private_umask()
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "marsad"
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    if len(argv) > 2 and argv[1] == "import" and argv[2] in IMPORT_KINDS:
        argv[1:3] = [IMPORT_KINDS[argv[2]]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"marsad: configuration error: {exc}\n")
        raise SystemExit(2) from None
    changed = filemodes.make_private()
    if changed:
        sys.stderr.write(f"marsad: {filemodes.private_message(changed)}\n")

    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
