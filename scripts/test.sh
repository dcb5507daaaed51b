#!/usr/bin/env bash
# Run the test suite (after scripts/bootstrap.sh). Extra arguments go to pytest.
# DATABASE_URL selects the database (SQLite by default; postgres://... for PostgreSQL).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -n "${DATABASE_URL:-}" ]; then
  echo "Tests on ${DATABASE_URL%%://*} (${DATABASE_URL##*@})"
else
  echo "Tests on SQLite"
fi
exec .venv/bin/python -m pytest "$@"
