import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SCOPES } from '../../../common/auth/scopes.js';
import type { Scope } from '../../../common/auth/scopes.js';

export class RateLimitDto {
  @IsInt() @Min(1) @Max(10_000_000) limit!: number;
  @IsInt() @Min(1) @Max(86_400) window_seconds!: number;
}

export class CreateApiKeyDto {
  @IsString() @Length(1, 100) name!: string;

  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES.filter((s) => s !== 'platform:admin'), { each: true })
  scopes!: Scope[];

  @IsOptional() @ValidateNested() @Type(() => RateLimitDto) rate_limit?: RateLimitDto;

  @IsOptional() @IsISO8601({ strict: true }) expires_at?: string;
}

export class UpdateApiKeyDto {
  @IsOptional() @IsString() @Length(1, 100) name?: string;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(SCOPES.filter((s) => s !== 'platform:admin'), { each: true })
  scopes?: Scope[];

  /** null returns the key to the plan's default. */
  @IsOptional() @ValidateNested() @Type(() => RateLimitDto) rate_limit?: RateLimitDto | null;

  @IsOptional() @IsISO8601({ strict: true }) expires_at?: string | null;
}

export class RotateApiKeyDto {
  /** How long the old secret keeps working; 0 ends it at once. */
  @IsOptional() @IsInt() @Min(0) @Max(604_800) overlap_seconds: number = 86_400;
}
