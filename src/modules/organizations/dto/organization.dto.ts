import { IsIn, IsISO31661Alpha2, IsOptional, IsString, Length } from 'class-validator';
import type { Plan, Vertical } from '../organization.entity.js';

export class CreateOrganizationDto {
  @IsString() @Length(1, 200) name!: string;
  @IsOptional() @IsIn(['standard', 'enterprise']) plan: Plan = 'standard';
  @IsOptional() @IsIn(['general', 'mortgage']) vertical: Vertical = 'general';
  @IsOptional() @IsISO31661Alpha2() default_region: string = 'US';
}

export class UpdateOrganizationDto {
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsIn(['standard', 'enterprise']) plan?: Plan;
  @IsOptional() @IsIn(['general', 'mortgage']) vertical?: Vertical;
  @IsOptional() @IsISO31661Alpha2() default_region?: string;
}
