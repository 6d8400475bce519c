import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { getCountries } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import type { Plan, Vertical } from '../organization.types.js';

/** Regions with a phone numbering plan: the default region exists to read phone numbers. */
const REGIONS = getCountries();

export class CreateOrganizationDto {
  @IsString() @Length(1, 200) name!: string;
  @IsOptional() @IsIn(['standard', 'enterprise']) plan: Plan = 'standard';
  @IsOptional() @IsIn(['general', 'mortgage']) vertical: Vertical = 'general';
  @IsOptional() @IsIn(REGIONS) default_region: CountryCode = 'US';
}

export class UpdateOrganizationDto {
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsIn(['standard', 'enterprise']) plan?: Plan;
  @IsOptional() @IsIn(['general', 'mortgage']) vertical?: Vertical;
  @IsOptional() @IsIn(REGIONS) default_region?: CountryCode;
}
