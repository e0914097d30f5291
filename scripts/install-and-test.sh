#!/usr/bin/env bash
# The README's test command: installs everything the tests need on a fresh machine with Node.js, then runs
# lint, type checks and the whole test suite, and ends with the plain line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests need, installed only when missing: a real Prometheus (with promtool) for the
# measurement tests, Chromium for the dashboard tests driven by playwright-core, and PostgreSQL for the
# work-queue and shared-store tests (each test starts its own throwaway server; the Debian service is not used).
debian_packages=(prometheus chromium openssl postgresql)
missing=()
for pkg in "${debian_packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# npm ci runs the package's `prepare` script, which is `npm run build`: dist/ (which the end-to-end tests spawn) is
# built here once, so the tests below run `npm test`'s steps but its build (a second one took about a minute).
npm ci --no-audit --no-fund
[ -f dist/cli/main.js ] || npm run build
npm run lint
status=0
{ npm run typecheck && npx vitest run; } || status=$?

node -e '
const fs = require("fs");
const file = "test-results/vitest.json";
if (!fs.existsSync(file)) { console.log("0 passed, 1 failed (no test report was written)"); process.exit(1); }
const r = JSON.parse(fs.readFileSync(file, "utf8"));
console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + (r.numTodoTests || 0)} skipped`);
' || status=1
exit $status
