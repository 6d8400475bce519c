import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** Statement names by text: each distinct text is prepared once per pooled connection. */
const names = new Map<string, string>();

/**
 * Runs a read on TypeORM's own pool as a named statement, so PostgreSQL parses and plans it
 * once per connection instead of on every request. For the hottest reads only, where the
 * QueryBuilder's per-request work shows in the profile.
 *
 * `text` must come from a bounded set of statements (values always travel as parameters,
 * never in the text): each distinct text takes a name for the life of the process.
 */
export async function queryPrepared<T>(
  dataSource: DataSource,
  text: string,
  values: unknown[],
): Promise<T[]> {
  let name = names.get(text);
  if (name === undefined) names.set(text, (name = `aila_${names.size + 1}`));
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const { rows } = await pool.query<T & object>({ name, text, values });
  return rows;
}

/** A timestamptz as the API writes it (`toISOString()`), formatted by PostgreSQL. */
export function isoTimestamp(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
