#!/usr/bin/env python
"""Every performance budget of DESIGN.md, measured in one run.

Loads the data set of ``generate.py`` once (1,000,000 violations, 3,000,000 reports, 300,000
escalations; ``--smoke``: 3,000 / 9,000 / 900) into one database, then runs each benchmark
on it in its own process (so that each peak RSS is its own) and prints a table of every
figure against its budget, with the load average of the machine when it was taken:

- ``public.py``: public search p95 <= 100 ms, statistics page p95 <= 150 ms, CSV export
  >= 100,000 rows/s with peak RSS <= 200 MB (and its ratio to PostgreSQL's own COPY);
- ``escalations.py``: the staff ledger and escalated cases at 300,000 escalations, the
  public outcome filter;
- ``inbox.py``: the staff inbox over the 3,000,000 reports;
- ``intake.py``: report form POSTs >= 200/s, p99 <= 300 ms, zero lost (its own database);
- ``report.py`` (annual report PDF <= 15 s), when it exists: called with ``--database NAME
  --reuse`` (``--smoke`` in a smoke run);
- the report form's page weight <= 60 KB, measured in a real browser by
  ``tests/browser/test_report_form.py`` (full runs only: CI's browser tests gate it).

    .venv/bin/python bench/run.py                  # load, then measure everything
    .venv/bin/python bench/run.py --reuse          # measure again on the loaded database
    .venv/bin/python bench/run.py --smoke          # small, for CI (under two minutes)
    .venv/bin/python bench/run.py --reuse --only public,escalations
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
STEPS = ("public", "escalations", "inbox", "intake", "report", "weight")
FULL = {"violations": 1_000_000, "reports": 3_000_000, "escalations": 300_000}
SMOKE = {"violations": 3_000, "reports": 9_000, "escalations": 900}


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(label: str, command: list[str], *, timeout: int, env: dict[str, str]) -> list[str]:
    """Run one benchmark, echo its output as it comes, return its lines."""
    print(f"\n== {label}: {' '.join(command[1:])} (load average {load_average()})", flush=True)
    start = time.perf_counter()
    lines: list[str] = []
    with subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as process:
        assert process.stdout is not None
        deadline = time.monotonic() + timeout
        for line in process.stdout:
            print(line, end="", flush=True)
            lines.append(line.rstrip("\n"))
            if time.monotonic() > deadline:
                process.kill()
                raise SystemExit(f"{label}: over {timeout} s")
        code = process.wait()
    if code != 0:
        raise SystemExit(f"{label} failed with exit code {code}")
    print(f"== {label}: {time.perf_counter() - start:.0f} s", flush=True)
    return lines


def figures_of(lines: list[str]) -> dict:
    found = [line for line in lines if line.startswith("figures: ")]
    return json.loads(found[-1].removeprefix("figures: ")) if found else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="small data set, few rounds (CI)")
    parser.add_argument("--reuse", action="store_true", help="measure the loaded database")
    parser.add_argument("--database", default=None, help="default perf_bench (smoke: perf_smoke)")
    parser.add_argument("--only", default=",".join(STEPS), help="comma-separated steps")
    parser.add_argument(
        "--rounds", type=int, default=None, help="rounds per URL (default: each script's)"
    )
    args = parser.parse_args()
    database = args.database or ("perf_smoke" if args.smoke else "perf_bench")
    only = set(args.only.split(","))
    unknown = only - set(STEPS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    python = sys.executable
    env = {**os.environ, "BENCH_INTAKE_DB": f"{database}_intake", "PYTHONUNBUFFERED": "1"}
    sizes = SMOKE if args.smoke else FULL
    smoke = ["--smoke"] if args.smoke else []
    started = time.perf_counter()
    rows: list[tuple[str, str, str, str]] = []  # what, budget, figure, load average

    if not args.reuse:
        run(
            "load",
            [
                python,
                str(BENCH / "generate.py"),
                "--database",
                database,
                *(f"--{name}={n}" for name, n in sizes.items()),
            ],
            timeout=3 * 3600,
            env=env,
        )
    on_data = ["--database", database, "--reuse"]

    if "public" in only:
        rounds = ["--rounds", str(args.rounds or 2)] if args.smoke or args.rounds else []
        f = figures_of(
            run(
                "public",
                [python, str(BENCH / "public.py"), *on_data, *rounds],
                timeout=3600,
                env=env,
            )
        )
        for name, budget, label in (
            ("search", 100, "public search page p95"),
            ("statistics", 150, "statistics page p95"),
        ):
            for mode in ("warm", "cold"):
                cell = f[name][mode]
                rows.append(
                    (f"{label}, {mode}", f"<= {budget} ms", f"{cell['p95']:.1f} ms", cell["load"])
                )
        export = f["export"]
        rows.append(
            (
                "CSV export",
                ">= 100,000 rows/s",
                f"{export['rows_per_s']:,.0f} rows/s ({export['ratio_to_copy']:.0%} of COPY, "
                f"{export['copy_rows_per_s']:,.0f} rows/s)",
                export["load"],
            )
        )
        rows.append(
            ("CSV export peak RSS", "<= 200 MB", f"{export['peak_mb']:.0f} MB", export["load"])
        )

    if "escalations" in only:
        rounds = ["--rounds", str(args.rounds or 2)] if args.smoke or args.rounds else []
        f = figures_of(
            run(
                "escalations",
                [python, str(BENCH / "escalations.py"), *on_data, *rounds],
                timeout=3600,
                env=env,
            )
        )
        for name, label in (
            ("ledger", "staff ledger p95"),
            ("escalated_cases", "escalated cases p95"),
        ):
            rows.append((label, "(none)", f"{f[name]['p95']:.1f} ms", f[name]["load"]))
        for name, budget, label in (
            ("search_outcome", 100, "search by outcome p95"),
            ("statistics_outcome", 150, "statistics by outcome p95"),
        ):
            for mode in ("warm", "cold"):
                cell = f[name][mode]
                rows.append(
                    (f"{label}, {mode}", f"<= {budget} ms", f"{cell['p95']:.1f} ms", cell["load"])
                )

    if "inbox" in only:
        lines = run(
            "inbox", [python, str(BENCH / "inbox.py"), *on_data, *smoke], timeout=1800, env=env
        )
        found = [line for line in lines if line.strip().startswith("all: p50")]
        rows.append(
            ("staff inbox", "p95 <= 200 ms", found[-1].strip() if found else "?", load_average())
        )

    failed: list[str] = []
    if "intake" in only:
        intake = smoke or ["--duration", "30", "--clients", "6", "--workers", "3"]
        try:
            lines = run("intake", [python, str(BENCH / "intake.py"), *intake], timeout=900, env=env)
        except SystemExit as exc:  # recorded, and the other steps still run
            failed.append(str(exc))
            lines = [f"FAILED ({exc})"]
        found = [line for line in lines if "reports/s" in line or "p99" in line or "FAILED" in line]
        rows.append(
            (
                "intake POST",
                ">= 200/s, p99 <= 300 ms, 0 lost",
                " / ".join(line.strip() for line in found[-3:]) or "?",
                load_average(),
            )
        )

    if "report" in only:
        script = BENCH / "report.py"
        if script.exists():
            lines = run("report", [python, str(script), *on_data, *smoke], timeout=1800, env=env)
            rows.append(("annual report PDF", "<= 15 s", (lines or ["?"])[-1], load_average()))
        else:
            print("\n== report: bench/report.py does not exist yet (annual report PDF <= 15 s)")
            rows.append(("annual report PDF", "<= 15 s", "not measured (no bench/report.py)", ""))

    if "weight" in only and not args.smoke:
        lines = run(
            "page weight",
            [
                python,
                "-m",
                "pytest",
                "tests/browser/test_report_form.py",
                "-k",
                "page_weight",
                "-s",
                "-q",
                "-p",
                "no:cacheprovider",
            ],
            timeout=900,
            env={k: v for k, v in env.items() if k != "DATABASE_URL"},
        )
        weights = [m.group(0) for line in lines if (m := re.search(r"\((\w\w)\): [\d.]+ KB", line))]
        rows.append(
            ("report form page weight", "<= 60 KB", ", ".join(weights) or "?", load_average())
        )

    print(f"\nAll figures ({'smoke' if args.smoke else 'full size'}, database {database}):")
    width = max((len(r[0]) for r in rows), default=10)
    for what, budget, figure, load in rows:
        print(f"  {what:<{width}}  {budget:<32}  {figure}  [load {load}]")
    print(f"total {time.perf_counter() - started:.0f} s")
    for failure in failed:
        print(f"FAILED: {failure}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
