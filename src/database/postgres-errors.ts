import { QueryFailedError } from 'typeorm';

/** SQLSTATE 23505: another row already holds the value of a unique index. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505';
}
