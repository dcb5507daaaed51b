#!/usr/bin/env python
"""The benchmark data set: N published violations, M reports and K escalations loaded into a
PostgreSQL database with COPY.

Reusable from any benchmark (``bench/report.py`` too)::

    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    url = generate.recreate_database("perf_report_bench")   # DROP + CREATE
    generate.setup_django(url)                             # settings on that database
    generate.migrate()                                     # schema and default taxonomy
    generate.load(url, violations=1_000_000, reports=3_000_000, escalations=300_000)

or from the command line (the database is dropped and re-created)::

    .venv/bin/python bench/generate.py --database perf_bench \
        --violations 1000000 --reports 3000000 --escalations 300000

What is loaded (deterministic: the same sizes give the same rows):

- violations: documented and published, spread over three years (2022-2024) by their
  documented date, every vocabulary drawn at random from the default taxonomy, a crisis
  period for a third; an Arabic public summary each (an English one for a third), their
  search text (``observatory_searchtext``, folded by ``match_key``, with copies of the
  terms and the UTC documented day) and a tag for a quarter;
  violations with an escalation have the status ``escalated``;
- reports: submitted over the same three years, one in three attached to a violation (the
  others new, spam or out of scope), with the structured fields the inbox shows;
- escalations: one first attempt for every violation whose id is a multiple of
  ``violations / first attempts`` (to the violation's platform), a follow-up for every fifth
  case while the total stays K; sent a few days after the violation was documented, answered
  for about two thirds, an outcome (restored, refused, no answer ...) for about three quarters
  of the latest attempts; one staff user (``bench-coordinator``) sent them all.

Loading drops the secondary indexes of the loaded tables and builds them again afterwards
(faster than updating them row by row), and runs with ``session_replication_role = replica``
so that the deferred foreign-key triggers are not queued for millions of rows: the generator
writes only ids that exist. Then it analyses the tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

# Words of the generated summaries: a few common ones, many rarer ones (place names, months,
# numbered campaigns), in the spellings people use.
COMMON = ["حذف", "منشور", "حساب", "صفحة", "فيديو", "تعليق", "تقييد", "صحفي", "ناشطة", "مؤسسة"]
PLACES = [
    "غزة",
    "القدس",
    "نابلس",
    "جنين",
    "الخليل",
    "رام الله",
    "حيفا",
    "يافا",
    "بيت لحم",
    "طولكرم",
]
TOPICS = ["الإعلام", "التضامن", "الأسرى", "الحرب", "المقاطعة", "الانتخابات", "المسجد", "الجامعة"]

BASE = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
SPAN = 3 * 365 * 86400  # seconds: 2022 to 2024
OUTCOMES = [
    "restored",
    "restored",
    "partially_restored",
    "account_secured",
    "content_removed",
    "refused",
    "refused",
    "no_answer",
    "withdrawn",
]
REQUESTS = ["restore_content", "restore_account", "remove_content", "secure_account"]
CHANNELS = ["trusted_partner_form", "partner_email", "partner_portal"]
# The tables a load writes, whose secondary indexes are dropped and rebuilt around it.
TABLES = (
    "cases_violation",
    "cases_publicsummary",
    "observatory_searchtext",
    "cases_violationtag",
    "intake_report",
    "escalations_escalation",
    "escalations_latestoutcome",
)


def url_for(name: str) -> str:
    """The URL of database ``name`` on the server of ``BENCH_ADMIN_URL``."""
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def recreate_database(name: str) -> str:
    """Drop (forcing other sessions off) and create database ``name``; returns its URL."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain database name: {name!r}")
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return url_for(name)


def database_exists(name: str) -> bool:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def setup_django(url: str, **extra: str) -> None:
    """Configure Django (production-like: DEBUG off) on the database at ``url``."""
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "LOG_LEVEL": "ERROR",
            "MARSAD_DATA_DIR": os.environ.get("BENCH_DATA_DIR")
            or tempfile.mkdtemp(prefix="marsad-bench-"),
            # The benchmarks send far more requests than one reader would.
            "OBSERVATORY_API_LIMIT_PER_MINUTE": "100000000",
            "OBSERVATORY_EXPORT_LIMIT_PER_HOUR": "100000000",
            **extra,
        }
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def migrate() -> None:
    """The schema and the default taxonomy (Django must be set up)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def summary_for(rng: random.Random, i: int) -> str:
    return (
        f"{rng.choice(COMMON)} {rng.choice(COMMON)} في {rng.choice(PLACES)} بعد منشور عن "
        f"{rng.choice(TOPICS)}؛ الحملة رقم {i % 5000} على المنصة."
    )


def documented_at(i: int) -> dt.datetime:
    """The documented date of violation ``i`` (spread evenly, not in id order)."""
    return BASE + dt.timedelta(seconds=(i * 7919) % SPAN)


def _secondary_indexes(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """``(name, CREATE INDEX ...)`` of the loaded tables' indexes that back no constraint."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND NOT EXISTS ("
        "  SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        (list(TABLES),),
    ).fetchall()
    return [(name, definition) for name, definition in rows]


def _ids(conn: psycopg.Connection, table: str) -> list[int]:
    # Table names are this module's constants.
    return [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]


def _staff_user(conn: psycopg.Connection) -> int:
    row = conn.execute(
        "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, "
        "email, is_staff, is_active, date_joined, role, preferred_language) VALUES "
        "('!', false, 'bench-coordinator', '', '', '', false, true, now(), 'coordinator', 'ar') "
        "ON CONFLICT (username) DO UPDATE SET role = EXCLUDED.role RETURNING id"
    ).fetchone()
    assert row is not None
    return int(row[0])


def load(
    url: str,
    *,
    violations: int,
    reports: int = 0,
    escalations: int = 0,
    seed: int = 8,
    progress: Callable[[str], None] = print,
) -> dict[str, float]:
    """COPY the data set into the (migrated, otherwise empty) database at ``url``; returns
    the seconds each part took. ``escalations`` must not exceed ``violations``."""
    from marsad.core.text import match_key

    if escalations > violations:
        raise ValueError("at most one escalated case per violation")
    rng = random.Random(seed)  # benchmark data, not secrets
    timings: dict[str, float] = {}
    with psycopg.connect(url) as conn:
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET maintenance_work_mem = '512MB'")
        types, platforms = _ids(conn, "taxonomy_violationtype"), _ids(conn, "taxonomy_platform")
        perpetrators = _ids(conn, "taxonomy_perpetratortype")
        victims, regions = _ids(conn, "taxonomy_victimtype"), _ids(conn, "taxonomy_region")
        periods = _ids(conn, "taxonomy_crisisperiod")
        conn.execute(
            "INSERT INTO taxonomy_tag (created_at, updated_at, slug, is_active, sort_order) "
            "SELECT now(), now(), 'tag-' || g, true, g FROM generate_series(1, 20) g "
            "ON CONFLICT DO NOTHING"
        )
        tags = _ids(conn, "taxonomy_tag")
        user = _staff_user(conn)
        indexes = _secondary_indexes(conn)
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        # Cases: the first attempts go to every ``step``-th violation, follow-ups to every
        # fifth case until the total is reached.
        follow_ups = escalations // 6
        firsts = escalations - follow_ups
        step = max(1, violations // firsts) if firsts else 0
        escalated = set(range(step, step * firsts + 1, step)) if firsts else set()
        platform_of = bytearray(violations + 1)  # index into ``platforms`` (< 256 of them)

        start = time.perf_counter()
        columns = (
            "id, created_at, updated_at, title, status, rejection_reason, occurred_on, "
            "occurred_on_approximate, reported_at, documented_at, status_changed_at, "
            "crisis_period_id, perpetrator_type_id, platform_id, region_id, victim_type_id, "
            "violation_type_id, appeal_made, appeal_outcome, flag_origin, is_published, "
            "notice_given, published_at, rule_cited"
        )
        summaries: list[tuple[int, str]] = []
        # Each violation's terms for the search index: type, platform, perpetrator, victim
        # type, region, crisis period.
        terms: list[tuple[int, int, int, int, int, int | None]] = []
        with conn.cursor() as cur:
            with cur.copy(f"COPY cases_violation ({columns}) FROM STDIN") as copy:
                for i in range(1, violations + 1):
                    when = documented_at(i)
                    platform = rng.randrange(len(platforms))
                    platform_of[i] = platform
                    # Drawn in the order they always were: the same sizes, the same rows.
                    period = rng.choice(periods) if i % 3 == 0 else None
                    perpetrator = rng.choice(perpetrators)
                    region, victim, kind = (
                        rng.choice(regions),
                        rng.choice(victims),
                        rng.choice(types),
                    )
                    terms.append((kind, platforms[platform], perpetrator, victim, region, period))
                    copy.write_row(
                        (
                            i,
                            when,
                            when,
                            "",
                            "escalated" if i in escalated else "documented",
                            "",
                            (when - dt.timedelta(days=3)).date(),
                            False,
                            when,
                            when,
                            when,
                            period,
                            perpetrator,
                            platforms[platform],
                            region,
                            victim,
                            kind,
                            "",
                            "",
                            "",
                            True,
                            "",
                            when,
                            "",
                        )
                    )
            with cur.copy(
                "COPY cases_publicsummary (language_code, text, no_names, no_handles_or_links, "
                "no_location_details, no_contact_details, updated_at, violation_id) FROM STDIN"
            ) as copy:
                now = dt.datetime.now(dt.UTC)
                for i in range(1, violations + 1):
                    text = summary_for(rng, i)
                    summaries.append((i, text))
                    copy.write_row(("ar", text, True, True, True, True, now, i))
                    if i % 3 == 0:
                        english = f"Post removed, campaign {i % 5000}."
                        copy.write_row(("en", english, True, True, True, True, now, i))
            # The search index with its copies of the terms and the UTC documented day, as
            # ``observatory.services.search_row_for`` writes them.
            with cur.copy(
                "COPY observatory_searchtext (violation_id, text, violation_type_id, "
                "platform_id, perpetrator_type_id, victim_type_id, region_id, "
                "crisis_period_id, documented_on) FROM STDIN"
            ) as copy:
                for i, text in summaries:
                    extra = f" post removed, campaign {i % 5000}." if i % 3 == 0 else ""
                    copy.write_row(
                        (i, match_key(text + extra), *terms[i - 1], documented_at(i).date())
                    )
            summaries.clear()
            terms.clear()
            with cur.copy("COPY cases_violationtag (violation_id, tag_id) FROM STDIN") as copy:
                for i in range(1, violations + 1, 4):
                    copy.write_row((i, tags[i % len(tags)]))
        conn.execute(
            "SELECT setval(pg_get_serial_sequence('cases_violation', 'id'), %s)", (violations,)
        )
        conn.commit()
        timings["violations"] = time.perf_counter() - start
        progress(
            f"  {violations:,} violations, summaries, search texts, tags: "
            f"{timings['violations']:.1f} s"
        )

        start = time.perf_counter()
        _load_reports(conn, rng, reports, violations, types, platforms, regions)
        conn.commit()
        timings["reports"] = time.perf_counter() - start
        progress(f"  {reports:,} reports: {timings['reports']:.1f} s")

        start = time.perf_counter()
        _load_escalations(conn, rng, sorted(escalated), follow_ups, platforms, platform_of, user)
        conn.commit()
        timings["escalations"] = time.perf_counter() - start
        progress(f"  {escalations:,} escalations: {timings['escalations']:.1f} s")

        start = time.perf_counter()
        for _name, definition in indexes:
            conn.execute(definition)
        conn.commit()
        conn.autocommit = True
        for table in TABLES:
            conn.execute(f"VACUUM ANALYZE {table}")
        timings["indexes"] = time.perf_counter() - start
        progress(f"  indexes rebuilt, tables analysed: {timings['indexes']:.1f} s")
    return timings


def _load_reports(
    conn: psycopg.Connection,
    rng: random.Random,
    count: int,
    violations: int,
    types: list[int],
    platforms: list[int],
    regions: list[int],
) -> None:
    columns = (
        "submitted_at, channel, language, triage_state, trust, violation_id, original, "
        "description, violation_type_id, platform_id, region_id, links, account_handle, "
        "occurred_on_approximate, target, victim_name, perpetrator_details, platform_notified, "
        "platform_rule, appealed, appeal_result, consent_contact, consent_share_with_platform, "
        "consent_publish, submission_fingerprint"
    )
    with conn.cursor() as cur, cur.copy(f"COPY intake_report ({columns}) FROM STDIN") as copy:
        for i in range(count):
            attached = i % 3 == 0 and violations > 0
            state = "attached" if attached else rng.choice(["new", "new", "spam", "out_of_scope"])
            copy.write_row(
                (
                    BASE + dt.timedelta(seconds=(i * 104729) % SPAN),
                    rng.choice(["web_form", "web_form", "partner_api"]),
                    rng.choice(["ar", "ar", "en", "he"]),
                    state,
                    rng.choice(["normal", "normal", "low", "suspect"]),
                    (i // 3) % violations + 1 if attached else None,
                    json.dumps({"n": i}),
                    f"report {i}: حذف منشور عن غزة بعد حملة تحريض، والحساب مقيّد منذ أسبوع.",
                    rng.choice(types),
                    rng.choice(platforms),
                    rng.choice(regions),
                    "[]",
                    "",
                    False,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    False,
                    i % 2 == 0,
                    False,
                    "",
                )
            )


def _load_escalations(
    conn: psycopg.Connection,
    rng: random.Random,
    escalated: list[int],
    follow_ups: int,
    platforms: list[int],
    platform_of: bytearray,
    user: int,
) -> None:
    columns = (
        "id, created_at, updated_at, violation_id, platform_id, channel, request, "
        "follow_up_of_id, batch_id, sent_at, sent_by_id, reference, message, answered_on, "
        "answer, reason_given, appealed_on, appeal_outcome, outcome, closed_on"
    )
    first_count = len(escalated)
    follow_every = max(1, first_count // follow_ups) if follow_ups else 0
    next_id = first_count + 1
    with (
        conn.cursor() as cur,
        cur.copy(f"COPY escalations_escalation ({columns}) FROM STDIN") as copy,
    ):
        for n, violation in enumerate(escalated, start=1):
            sent = documented_at(violation) + dt.timedelta(days=1 + n % 20)
            platform = platforms[platform_of[violation]]
            has_follow_up = (
                bool(follow_every)
                and n % follow_every == 0
                and next_id <= (first_count + follow_ups)
            )
            attempts = [(n, None, sent)]
            if has_follow_up:
                attempts.append((next_id, n, sent + dt.timedelta(days=15)))
                next_id += 1
            for number, (pk, first, when) in enumerate(attempts, start=1):
                latest = number == len(attempts)
                answered = rng.random() < 0.66
                answered_on = (when + dt.timedelta(days=1 + pk % 30)).date() if answered else None
                outcome = ""
                if latest and rng.random() < 0.75:
                    outcome = rng.choice(OUTCOMES)
                elif not latest:
                    outcome = "no_answer"
                closed_on = (when + dt.timedelta(days=40)).date() if outcome else None
                copy.write_row(
                    (
                        pk,
                        when,
                        when,
                        violation,
                        platform,
                        rng.choice(CHANNELS),
                        rng.choice(REQUESTS),
                        first,
                        None,
                        when,
                        user,
                        f"REF-{pk}",
                        "",
                        answered_on,
                        "",
                        "",
                        None,
                        "",
                        outcome,
                        closed_on,
                    )
                )
    conn.execute(
        "SELECT setval(pg_get_serial_sequence('escalations_escalation', 'id'), %s)",
        (max(next_id - 1, 1),),
    )
    # Each escalated violation's latest attempt, as escalations.services writes it.
    conn.execute(
        "INSERT INTO escalations_latestoutcome (violation_id, outcome) "
        "SELECT DISTINCT ON (violation_id) violation_id, outcome FROM escalations_escalation "
        "ORDER BY violation_id, sent_at DESC, id DESC"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="perf_bench")
    parser.add_argument("--violations", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=3_000_000)
    parser.add_argument("--escalations", type=int, default=300_000)
    args = parser.parse_args()
    url = recreate_database(args.database)
    setup_django(url)
    migrate()
    start = time.perf_counter()
    load(url, violations=args.violations, reports=args.reports, escalations=args.escalations)
    print(f"loaded into {args.database} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
