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
# The same throwaway contact-encryption key the tests use (cohesion/testing/pytest_env.py),
# so the checks before them have nothing to warn about.
export CONTACT_ENCRYPTION_KEY=${CONTACT_ENCRYPTION_KEY:-Y29oZXNpb24tdGVzdHMtb25seS1rZXktMDEyMzQ1Njc=}
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

PG_URL=${COHESION_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
pg_reachable() {
  .venv/bin/python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL is not reachable at {sys.argv[1]}: {exc}")
    sys.exit(1)
PY
}

# The two engines run side by side, one on each core: PostgreSQL's run (no
# browser) in the background with its output kept in a file, shown when both
# have finished. COHESION_TEST_SERIAL=1 runs them one after the other instead.
pg_pid=""
pg_log=""
if pg_reachable; then
  pg_log=$(mktemp)
  pg_var=$(mktemp -d)
  if [ "${COHESION_TEST_SERIAL:-0}" = 1 ]; then
    say "Tests on PostgreSQL ($PG_URL)"
    COHESION_TEST_DATABASE_ONLY=1 COHESION_VAR_DIR=$pg_var DATABASE_URL=$PG_URL run_pytest PostgreSQL -q -p no:cacheprovider -m "not browser" "$@"
    pg_log=""
  else
    say "Tests on PostgreSQL ($PG_URL) start in the background; their output follows SQLite's"
    (
      set +e
      COHESION_TEST_DATABASE_ONLY=1 COHESION_VAR_DIR=$pg_var DATABASE_URL=$PG_URL .venv/bin/pytest -q -p no:cacheprovider -m "not browser" "$@"
      echo $? >"$pg_log.code"
    ) >"$pg_log" 2>&1 &
    pg_pid=$!
    trap 'pkill -P $pg_pid 2>/dev/null; kill $pg_pid 2>/dev/null || true' EXIT
  fi
  engines="SQLite and PostgreSQL"
else
  printf '\033[1;33m==> PostgreSQL is not available: the tests run on SQLite only.\033[0m\n'
  engines="SQLite"
fi

say "Tests on SQLite (with the browser tests)"
sqlite_code=0
set +e
.venv/bin/pytest -q -p no:cacheprovider "$@"
sqlite_code=$?
set -e

pg_code=0
if [ -n "$pg_pid" ]; then
  wait "$pg_pid" || true
  trap - EXIT
  say "Tests on PostgreSQL ($PG_URL): output"
  cat "$pg_log"
  pg_code=$(cat "$pg_log.code" 2>/dev/null || echo 1)
  rm -f "$pg_log" "$pg_log.code"
fi

# pytest exits 5 when it collected no tests: that must never pass.
verdict() {
  local label=$1 code=$2
  if [ "$code" -eq 5 ]; then echo "No tests were collected for $label: failing." >&2; return 1; fi
  if [ "$code" -ne 0 ]; then echo "Tests failed on $label." >&2; return 1; fi
}
failed=0
verdict SQLite "$sqlite_code" || failed=1
verdict PostgreSQL "$pg_code" || failed=1
[ "$failed" -eq 0 ] || exit 1
say "All checks passed on $engines."
