"""``marsad evidence verify``: re-hash every stored evidence file. ``marsad evidence sweep``:
queue again stalled captures and ingests, and delete the uploads the evidence store holds.

Exits 1 and names each file when one is missing or no longer matches the hash taken when it
was stored (each finding is also written to the item's chain of custody). Output is plain
English for staff at a terminal, like Django's own commands.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from marsad.evidence import tasks, work
from marsad.evidence.services import VerifyProblem, evidence_verify


class Command(BaseCommand):
    help = (
        "Evidence: 'verify' re-hashes every stored file; 'sweep' re-queues stalled captures "
        "and ingests and deletes the uploads the evidence store already holds."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="re-hash every original, WARC, screenshot and safe copy")
        sub.add_parser(
            "sweep",
            help="queue again stalled captures and ingests; delete uploads already in the store",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "sweep":
            self.stdout.write(f"{tasks.sweep()} capture(s) and ingest(s) queued again")
            released = work.intake_copies_release_all()
            self.stdout.write(f"{released} upload(s) already in the evidence store deleted")
            return

        def report(problem: VerifyProblem) -> None:
            what = "MISSING" if problem.problem == "missing" else "MISMATCH"
            line = f"{what} {problem.item.public_id} {problem.role} {problem.name}"
            if problem.found:
                line += f" expected {problem.expected} found {problem.found}"
            self.stderr.write(line)

        result = evidence_verify(on_problem=report)
        self.stdout.write(
            f"{result.checked} item(s), {result.files} file(s) checked, "
            f"{len(result.problems)} problem(s)"
        )
        if result.problems:
            raise CommandError("evidence verification found problems", returncode=1)
