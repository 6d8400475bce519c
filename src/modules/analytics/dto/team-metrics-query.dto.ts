import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, MaxLength } from 'class-validator';

export const MAX_USER_IDS = 100;

/**
 * `user_ids=a, b,,a` (or the parameter repeated) as distinct, trimmed ids; blanks are dropped,
 * and nothing left means no filter. Anything else (an object from `user_ids[x]=`) is left for
 * the validators to refuse.
 */
export function parseUserIds(value: unknown): unknown {
  const parts = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === 'string')) return value;
  const ids = [...new Set(parts.flatMap((p) => p.split(',')).map((id) => id.trim()))].filter(
    (id) => id !== '',
  );
  return ids.length > 0 ? ids : undefined;
}

export class TeamMetricsQueryDto {
  @IsOptional() @IsISO8601({ strict: true }) start_date?: string;
  @IsOptional() @IsISO8601({ strict: true }) end_date?: string;

  @IsOptional()
  @Transform(({ value }) => parseUserIds(value))
  @IsArray()
  @ArrayMaxSize(MAX_USER_IDS, { message: `at most ${MAX_USER_IDS} distinct ids` })
  @MaxLength(200, { each: true, message: 'ids of at most 200 characters' })
  user_ids?: string[];
}
