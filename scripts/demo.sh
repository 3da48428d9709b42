#!/usr/bin/env bash
# Sets everything up and starts the demo on SQLite with the real data in ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=0 scripts/setup.sh
exec .venv/bin/cohesion demo "$@"
