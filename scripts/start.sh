#!/usr/bin/env bash
# Installs, builds and starts the studio at http://127.0.0.1:7300 (HOST and PORT override).
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/setup.sh
echo "start: building"
npx turbo run build --output-logs=errors-only
exec node apps/server/bin/circuit-studio.js serve "$@"
