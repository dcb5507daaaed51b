"""``marsad newsletter``: a subscriber's data on request, bounces, clean-up, resuming.

    marsad newsletter export ADDRESS --reason "request by email of 2024-03-02"
    marsad newsletter erase ADDRESS --reason "..."
    marsad newsletter bounced ADDRESS [ADDRESS ...]   (or - to read them from standard input)
    marsad newsletter purge      (run daily: unconfirmed requests and old leavers are deleted)
    marsad newsletter resume     (mailings whose worker stopped)

Reads and erasures are recorded in the subscriber access log as done from the command line.
Output is for an operator at a terminal, in plain English.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marsad.newsletter import selectors, services


class Command(BaseCommand):
    help = "Subscribers' data requests (export, erase), bounces, purge and resuming mailings."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        for name, what in (("export", "print everything stored about"), ("erase", "delete")):
            sub = actions.add_parser(name, help=f"{what} a subscriber")
            sub.add_argument("address")
            sub.add_argument("--reason", required=True, help="Recorded in the access log.")
        bounced = actions.add_parser("bounced", help="take bouncing addresses off the list")
        bounced.add_argument("addresses", nargs="+", help="addresses, or - for standard input")
        actions.add_parser("purge", help="delete unconfirmed requests and old leavers")
        actions.add_parser("resume", help="resume mailings whose worker stopped")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        getattr(self, f"_{action}")(**options)

    def _find(self, address: str, reason: str) -> Any:
        subscriber = selectors.subscriber_lookup(address=address, user=None, reason=reason)
        if subscriber is None:
            raise CommandError("No subscriber has this address.", returncode=1)
        return subscriber

    def _export(self, *, address: str, reason: str, **options: Any) -> None:
        subscriber = self._find(address, reason)
        data = selectors.subscriber_export(subscriber=subscriber, user=None, reason=reason)
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))

    def _erase(self, *, address: str, reason: str, **options: Any) -> None:
        subscriber = self._find(address, reason)
        services.subscriber_erase(subscriber=subscriber, user=None, reason=reason)
        self.stdout.write(self.style.SUCCESS(f"Subscriber #{subscriber.pk} erased."))

    def _bounced(self, *, addresses: list[str], **options: Any) -> None:
        if addresses == ["-"]:
            addresses = sys.stdin.read().splitlines()
        result = services.subscribers_record_bounces(addresses=addresses)
        self.stdout.write(f"{result.marked} taken off the list, {result.unknown} not on it.")

    def _purge(self, **options: Any) -> None:
        self.stdout.write(f"Deleted {services.subscribers_purge()} subscribers.")

    def _resume(self, **options: Any) -> None:
        self.stdout.write(f"Resumed {services.mailings_resume_interrupted()} mailings.")
