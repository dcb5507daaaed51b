#!/usr/bin/env python
"""The annual report over a million violations (DESIGN.md: "annual report PDF over 1M
violations ≤ 15 s"), on PostgreSQL.

Loads the benchmark data set with ``bench/generate.py`` (1,000,000 violations over
2022-2024, 3,000,000 reports, 300,000 escalations; ``--reuse`` keeps an existing database),
then generates the annual report of the busiest year as staff and ``marsad report`` do
(``services.generate_now``: every figure, the data hash, the PDF) and prints the time of each
part. For the database's own limit it also times PostgreSQL's plain pass over the same rows
(``SELECT count(*)`` of the year's counted violations), the least any figure can cost.

    .venv/bin/python bench/report.py                 # full size (loads for a while)
    .venv/bin/python bench/report.py --reuse         # measure again on the loaded data
    .venv/bin/python bench/report.py --smoke         # CI: 3,000 violations
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="marsad_report_bench")
    parser.add_argument("--violations", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=3_000_000)
    parser.add_argument("--escalations", type=int, default=300_000)
    parser.add_argument("--year", type=int, help="default: the year with most violations")
    parser.add_argument("--lang", default="ar", choices=("ar", "en", "he"))
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database")
    parser.add_argument("--smoke", action="store_true", help="a small size for CI")
    args = parser.parse_args()
    if args.smoke:
        args.violations, args.reports, args.escalations = 3_000, 6_000, 900
        if args.database == parser.get_default("database"):
            args.database += "_smoke"
    if args.reuse and generate.database_exists(args.database):
        url = generate.url_for(args.database)
        generate.setup_django(url)
        generate.migrate()
    else:
        url = generate.recreate_database(args.database)
        generate.setup_django(url)
        generate.migrate()
        started = time.perf_counter()
        generate.load(
            url, violations=args.violations, reports=args.reports, escalations=args.escalations
        )
        print(f"loaded in {time.perf_counter() - started:.1f} s")

    from django.db import connection

    from marsad.cases.models import Violation
    from marsad.reporting import figures, fingerprint, pdf, services
    from marsad.reporting.figures import ReportPeriod
    from marsad.reporting.presentation import Texts

    if args.year is None:
        from django.db.models import Count
        from django.db.models.functions import ExtractYear

        busiest = (
            Violation.objects.counted()
            .annotate(y=ExtractYear("documented_at"))
            .values("y")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        args.year = busiest["y"] if busiest else 2023
    rp = ReportPeriod("annual", args.year)
    in_year = figures.documented_in(rp.period)
    total = Violation.objects.count()
    print(f"violations in the database: {total:,}; documented in {args.year}: {in_year.count():,}")

    sql, params = in_year.values("pk").query.sql_with_params()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql}) AS s", params)  # nosec B608
    scan = time.perf_counter() - started

    started = time.perf_counter()
    computed = figures.compute(rp)
    compute_s = time.perf_counter() - started
    started = time.perf_counter()
    digest, _rows = fingerprint.data_hash(rp)
    hash_s = time.perf_counter() - started
    started = time.perf_counter()
    drawn = pdf.report_pdf(computed, Texts(), args.lang, version="bench", data_hash=digest)
    pdf_s = time.perf_counter() - started

    report = services.report_for(rp, actor=None)
    started, cpu = time.perf_counter(), time.process_time()
    snapshot = services.generate_now(report=report, actor=None, languages=[args.lang])
    whole, cpu = time.perf_counter() - started, time.process_time() - cpu

    print(
        f"figures: {compute_s:.2f} s ({compute_s / scan:.1f} × PostgreSQL's own scan of "
        f"the year's rows, {scan * 1000:.0f} ms)"
    )
    print(f"data hash: {hash_s:.2f} s")
    print(
        f"PDF ({args.lang}, {drawn.pages} pages, {len(drawn.data) / 1024:.0f} KiB): {pdf_s:.2f} s"
    )
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())} (2 cores)")
    print(
        f"annual report {args.year}, one PDF, end to end (services.generate_now): "
        f"{whole:.2f} s, of which {cpu:.2f} s CPU in this process (budget 15 s; "
        f"version {snapshot.pk})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
