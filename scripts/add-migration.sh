#!/usr/bin/env bash
# Adds a migration NAME for both providers (SQLite and PostgreSQL); each keeps its own set.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh NAME}"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --project src/Faro --startup-project src/Faro.Cli \
    --context "${provider}FaroDb" --output-dir "Migrations/$provider" --namespace "Faro.Migrations.$provider"
done
# dotnet-ef 10 writes the model snapshot under src/Faro/Faro/... when --namespace is given; move it home.
if [ -d src/Faro/Faro/Migrations ]; then
  for provider in Sqlite Postgres; do
    [ -d "src/Faro/Faro/Migrations/$provider" ] && mv -f src/Faro/Faro/Migrations/$provider/*.cs "src/Faro/Migrations/$provider/"
  done
  rm -rf src/Faro/Faro
fi
# The compiled models follow the model (ADR 9).
scripts/compile-model.sh
