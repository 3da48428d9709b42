#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: lint, types, migrations,
# then pytest on SQLite (with the browser tests) and on PostgreSQL when it is there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
export DJANGO_SETTINGS_MODULE=cohesion.settings
export SECRET_KEY=${SECRET_KEY:-cohesion-tests-only-secret-key-0123456789abcdef}
export COHESION_VAR_DIR=${COHESION_VAR_DIR:-$(mktemp -d)}
unset DATABASE_URL

say "Lint and format (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check --quiet .
say "Types (mypy)"
.venv/bin/mypy cohesion
say "Migrations are complete (makemigrations --check)"
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null

# pytest exits 5 when it collected no tests: that must never pass.
run_pytest() {
  local label=$1; shift
  set +e
  .venv/bin/pytest "$@"
  local code=$?
  set -e
  if [ $code -eq 5 ]; then echo "No tests were collected for $label: failing." >&2; exit 1; fi
  if [ $code -ne 0 ]; then echo "Tests failed on $label." >&2; exit $code; fi
}

engines="SQLite"
say "Tests on SQLite (with the browser tests)"
run_pytest SQLite -q -p no:cacheprovider "$@"

PG_URL=${COHESION_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
if .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL is not reachable at {sys.argv[1]}: {exc}")
    sys.exit(1)
PY
then
  say "Tests on PostgreSQL ($PG_URL)"
  DATABASE_URL=$PG_URL run_pytest PostgreSQL -q -p no:cacheprovider -m "not browser" "$@"
  engines="$engines and PostgreSQL"
else
  printf '\033[1;33m==> PostgreSQL is not available: the tests ran on SQLite only.\033[0m\n'
fi
say "All checks passed on $engines."
