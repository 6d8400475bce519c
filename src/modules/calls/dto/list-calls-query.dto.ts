import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination/pagination-query.dto.js';
import type { CallDirection, CallStatus } from '../call.types.js';

export class ListCallsQueryDto extends PaginationQueryDto {
  @IsOptional() @IsISO8601({ strict: true }) start_date?: string;
  @IsOptional() @IsISO8601({ strict: true }) end_date?: string;
  @IsOptional() @IsString() @Length(1, 200) user_id?: string;
  @IsOptional() @IsIn(['queued', 'processing', 'completed', 'failed']) status?: CallStatus;
  @IsOptional() @IsIn(['inbound', 'outbound']) direction?: CallDirection;
  @IsOptional() @IsUUID() contact_id?: string;
}
