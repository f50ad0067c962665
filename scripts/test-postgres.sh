#!/usr/bin/env bash
# Run the test suite against PostgreSQL (127.0.0.1:5432, user postgres unless PGUSER/PGHOST say
# otherwise) in a throwaway database that is dropped afterwards. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
NAME="sd_ci_$$_$(date +%s)"
createdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" "$NAME"
cleanup() {
  dropdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" --if-exists "$NAME" >/dev/null 2>&1 || true
  dropdb -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" --if-exists "test_$NAME" >/dev/null 2>&1 || true
}
trap cleanup EXIT
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$NAME"
SOCIALDYNAMO_TESTING=1 .venv/bin/python -m pytest "$@"
