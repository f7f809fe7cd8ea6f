#!/usr/bin/env bash
# Regenerates EF Core's compiled models for both providers (src/Faro/Data/CompiledModels/*), which
# EF Core uses at run time instead of building the model at every start (ADR 9). Run after any
# change of the model; scripts/add-migration.sh runs it too. MigrationTests fails until it is run.
# Usage: scripts/compile-model.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  rm -rf "src/Faro/Data/CompiledModels/$provider"
  dotnet ef dbcontext optimize --project src/Faro --startup-project src/Faro.Cli \
    --context "${provider}FaroDb" --output-dir "Data/CompiledModels/$provider" \
    --namespace "Faro.Data.CompiledModels.$provider"
done
