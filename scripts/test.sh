#!/usr/bin/env bash
# Installs what the tests need, then type-checks, checks format and lint, and runs the unit,
# integration and browser tests. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1

bash scripts/setup.sh --test

echo "== build and type-check (strict TypeScript, every package)"
npx turbo run build --output-logs=errors-only
npx tsc -p tsconfig.tests.json

echo "== format and lint (Biome, check mode)"
npx biome ci .

echo "== unit and integration tests (Vitest)"
npx vitest run

echo "== browser tests (Playwright with /usr/bin/chromium)"
npx playwright test
