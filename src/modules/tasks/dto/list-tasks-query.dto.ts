import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination/pagination-query.dto.js';
import type { TaskStatus } from '../task.entity.js';

export class ListTasksQueryDto extends PaginationQueryDto {
  @IsOptional() @IsIn(['open', 'completed']) status?: TaskStatus;
  @IsOptional() @IsString() @Length(1, 200) user_id?: string;
  @IsOptional() @IsUUID() call_id?: string;
  @IsOptional() @IsISO8601({ strict: true }) due_before?: string;
  @IsOptional() @IsISO8601({ strict: true }) due_after?: string;
}
