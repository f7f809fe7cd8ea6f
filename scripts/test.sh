#!/usr/bin/env bash
# Runs every Faro test: unit, HTTP against the real web host, CLI as a process, SQLite and a
# throwaway PostgreSQL 15 cluster (started by the test run itself), and browser tests in Debian's
# Chromium. Installs what is missing first (as root, from Debian's packages).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
# The browser tests drive Debian's Chromium; Playwright must never download a browser of its own.
[ -x /usr/bin/chromium ] || missing+=(chromium)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]} (install them, or run as root)" >&2
    exit 1
  fi
fi

mkdir -p artifacts
dotnet tool restore >/dev/null
# The lock files (packages.lock.json) are the dependency list: a restore that would change them fails.
dotnet restore Faro.slnx --locked-mode -v q
set +e
dotnet test Faro.slnx --no-restore 2>&1 | tee artifacts/test.log
rc=${PIPESTATUS[0]}
set -e

# Formatting is part of the build's hygiene: `dotnet format`'s rules, checked here, never applied.
if ! dotnet format Faro.slnx --verify-no-changes -v q > artifacts/format.log 2>&1; then
  echo "dotnet format: some files are not formatted (run 'dotnet format Faro.slnx'; details in artifacts/format.log)"
  head -20 artifacts/format.log
  rc=1
fi

# One plain summary line over every test assembly, for people and for CI.
awk '/(Passed|Failed)! +- +Failed: +[0-9]+, +Passed: +[0-9]+, +Skipped: +[0-9]+/ {
       gsub(",", ""); f += $4; p += $6; s += $8 }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' artifacts/test.log
exit "$rc"
