import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 100;
/** A 32-bit integer in every client's language; far beyond it, PostgreSQL's bigint overflows (500). */
export const MAX_PAGE_OFFSET = 2_147_483_647;

const DECIMAL_INTEGER = /^-?\d+$/;
const WHOLE_NUMBER = { message: 'a whole number in decimal digits' };

/**
 * A query integer is plain decimal digits: `1e2`, `0x10`, ` 5` or `+5` stay strings and fail
 * validation, where Number() would read them as 100, 16 and 5.
 */
export const QueryInteger = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && DECIMAL_INTEGER.test(value) ? Number(value) : value,
  );

// Decorators apply bottom-up: @IsInt, nearest the property, is checked first.
export class PaginationQueryDto {
  @IsOptional()
  @QueryInteger()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  @IsInt(WHOLE_NUMBER)
  limit: number = DEFAULT_PAGE_LIMIT;

  @IsOptional()
  @QueryInteger()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  @IsInt(WHOLE_NUMBER)
  offset: number = 0;
}
