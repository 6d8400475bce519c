#!/usr/bin/env bash
# npm run migration:generate -- <PascalCaseName>
# Generates a TypeORM migration from the difference between the entities and the existing
# migrations, in a throwaway database on the PostgreSQL server at MIGRATION_ADMIN_URL,
# and registers it in src/database/migrations/index.ts. Serialised with flock.
set -euo pipefail
name="${1:?usage: npm run migration:generate -- <PascalCaseName>}"
admin="${MIGRATION_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
cd "$(dirname "$0")/.."
exec 9>/tmp/aila-migration.lock
flock 9
db="aila_migration_$$"
out=".migration-build-$$"
psql "$admin" -qc "CREATE DATABASE $db"
trap 'psql "$admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null; rm -rf "$out"' EXIT
npx tsc -p tsconfig.build.json --outDir "$out"
export DATABASE_URL="${admin%/*}/$db"
node node_modules/typeorm/cli.js migration:run -d "$out/database/data-source.js" | tail -1
node node_modules/typeorm/cli.js migration:generate -d "$out/database/data-source.js" "src/database/migrations/$name" | tail -1
file=$(ls src/database/migrations/*-"$name".ts | tail -1)
node scripts/register-migration.mjs "$file"
npx prettier --write "$file" src/database/migrations/index.ts >/dev/null
echo "Generated $file"
