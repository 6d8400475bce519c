import { IsIn, IsISO8601, IsString, Length, ValidateIf } from 'class-validator';
import type { TaskStatus } from '../task.entity.js';

const given = (value: unknown) => value !== undefined;
const givenNotNull = (value: unknown) => value !== undefined && value !== null;

/** Fields left out stay as they are; `due_at` and `assignee_user_id` accept null to clear them. */
export class UpdateTaskDto {
  @ValidateIf((o: UpdateTaskDto) => given(o.status))
  @IsIn(['open', 'completed'])
  status?: TaskStatus;

  @ValidateIf((o: UpdateTaskDto) => given(o.title))
  @IsString()
  @Length(1, 500)
  title?: string;

  @ValidateIf((o: UpdateTaskDto) => givenNotNull(o.due_at))
  @IsISO8601({ strict: true })
  due_at?: string | null;

  @ValidateIf((o: UpdateTaskDto) => givenNotNull(o.assignee_user_id))
  @IsString()
  @Length(1, 200)
  assignee_user_id?: string | null;
}
