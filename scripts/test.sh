#!/usr/bin/env bash
# Run the test suite (after scripts/bootstrap.sh). Extra arguments go to pytest.
# DATABASE_URL selects the database (SQLite by default; postgres://... for PostgreSQL).
# MARSAD_TEST_WORKERS: test processes (default: one per core; 0: none besides this one).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -n "${DATABASE_URL:-}" ]; then
  echo "Tests on ${DATABASE_URL%%://*} (${DATABASE_URL##*@})"
else
  echo "Tests on SQLite"
fi
# One test process per core (pytest-xdist, "auto"); MARSAD_TEST_WORKERS=0 runs them all in this
# process, any other number that many workers. Each worker has its own test database.
workers="${MARSAD_TEST_WORKERS:-auto}"
parallel=()
if [ "$workers" != "0" ]; then
  parallel=(-n "$workers" --dist load)
fi
exec .venv/bin/python -m pytest "${parallel[@]}" "$@"
