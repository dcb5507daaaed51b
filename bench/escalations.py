#!/usr/bin/env python
"""Escalations at scale on PostgreSQL: the staff ledger, the escalated-cases statistics and
the public outcome filter, over the data set of ``generate.py`` (default: 1,000,000
violations, 3,000,000 reports, 300,000 escalations in ``perf_bench``).

Through Django's full request path, p50/p95 of:

- the ledger ``/staff/escalations/`` (newest attempts, by state, platform, outcome);
- the escalated cases ``/staff/escalations/statistics/`` (every figure per platform for a
  year or a quarter); and PostgreSQL's own time for its query (EXPLAIN ANALYZE), as the ratio;
- the public search and statistics pages filtered by escalation outcome (the correlated
  subquery on the latest attempt), cold (aggregates dropped, as a publication does) and warm.

There is no budget of its own in DESIGN.md for these staff pages; the public pages carry the
search (p95 <= 100 ms) and statistics (p95 <= 150 ms) budgets.

    .venv/bin/python bench/escalations.py --reuse            # on perf_bench, loaded before
    .venv/bin/python bench/escalations.py --smoke            # small data set (CI)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402
import measure  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="perf_bench")
    parser.add_argument("--violations", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=3_000_000)
    parser.add_argument("--escalations", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="3,000 / 9,000 / 900, 2 rounds")
    parser.add_argument("--reuse", action="store_true", help="measure the loaded database")
    args = parser.parse_args()
    if args.smoke:
        args.violations, args.reports, args.escalations, args.rounds = 3000, 9000, 900, 2
        if not args.reuse:
            args.database = "perf_escalations_smoke"
    url = generate.url_for(args.database)
    if not args.reuse:
        url = generate.recreate_database(args.database)
    generate.setup_django(url)
    generate.migrate()
    if not args.reuse:
        generate.load(
            url,
            violations=args.violations,
            reports=args.reports,
            escalations=args.escalations,
        )
    from django.db import connection
    from django.test import Client

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM escalations_escalation")
        print(f"{cursor.fetchone()[0]:,} escalations in {args.database}")

    staff = measure.staff_client("coordinator")
    ledger = [
        "/staff/escalations/",
        "/staff/escalations/?state=awaiting",
        "/staff/escalations/?state=closed&platform=facebook",
        "/staff/escalations/?outcome=restored&page=20",
    ]
    figures = {}
    figures["ledger"] = measure.pages("staff ledger", staff, ledger, args.rounds)
    cases = [
        "/staff/escalations/statistics/?year=2023",
        "/staff/escalations/statistics/?year=2024&quarter=2",
    ]
    figures["escalated_cases"] = measure.pages("escalated cases", staff, cases, args.rounds)

    from marsad.escalations.selectors import Period, escalated_cases

    # The query of ``escalated_cases`` for 2023, as the page runs it.
    connection.force_debug_cursor = True
    escalated_cases(period=Period.year(2023))
    connection.force_debug_cursor = False
    sql = connection.queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        db_ms = plan[0]["Execution Time"]
    page_ms = figures["escalated_cases"]["p50"]
    print(
        f"  PostgreSQL's own time for the escalated cases of 2023: {db_ms:.1f} ms "
        f"({db_ms / page_ms:.0%} of the page's p50 {page_ms:.1f} ms)"
    )
    figures["escalated_cases_sql_ms"] = db_ms

    public = Client()
    search = [
        "/ar/violations/?outcome=restored",
        "/ar/violations/?outcome=open&platform=facebook",
        "/ar/violations/?outcome=not_escalated&q=" + "جنين",
    ]
    figures["search_outcome"] = measure.cold_warm(
        "public search by outcome", public, search, args.rounds, 100
    )
    stats = ["/ar/statistics/?outcome=restored", "/ar/statistics/?outcome=refused&from=2023-01-01"]
    figures["statistics_outcome"] = measure.cold_warm(
        "public statistics by outcome", public, stats, args.rounds, 150
    )
    print("figures: " + json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
