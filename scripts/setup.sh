#!/usr/bin/env bash
# Sets up everything Cohesion needs on a fresh machine: a virtual environment with
# the Python package, front-end assets from npm, and Chromium for browser tests.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
WITH_BROWSER=${WITH_BROWSER:-1}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Cohesion needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)." >&2
  exit 1
fi

stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  say "Installing the Python package and its dependencies into .venv"
  [ -d .venv ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi

if [ ! -f cohesion/static/vendor/cohesion.css ] || [ package-lock.json -nt cohesion/static/vendor/cohesion.css ] \
   || [ cohesion/static/src/cohesion.scss -nt cohesion/static/vendor/cohesion.css ]; then
  say "Building front-end assets (GOV.UK Frontend, Leaflet) from npm"
  command -v npm >/dev/null || { echo "npm is needed to build the front-end assets." >&2; exit 1; }
  npm ci --no-audit --no-fund --loglevel=error
  npm run --silent build
fi

if find cohesion -name '*.po' | grep -q .; then
  if ! command -v msgfmt >/dev/null; then
    say "Installing gettext to compile translations"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq gettext >/dev/null
  fi
  COHESION_INSECURE_DEV_SECRET=1 .venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
fi

if ! /sbin/ldconfig -p 2>/dev/null | grep -q libpango-1.0 || ! command -v pdftoppm >/dev/null; then
  say "Installing WeasyPrint's system libraries (Pango, HarfBuzz) and Poppler for the packs"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
    fonts-dejavu-core poppler-utils >/dev/null
fi

if [ "$WITH_BROWSER" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  say "Installing Debian's Chromium for the browser tests"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
