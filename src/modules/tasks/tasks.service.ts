import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { rangeEndExclusive, rangeStart } from '../../common/validation/date-range.js';
import { ProvidesCallTasks, type CallTasksSource } from '../calls/call-tasks.js';
import { ListTasksQueryDto } from './dto/list-tasks-query.dto.js';
import { UpdateTaskDto } from './dto/update-task.dto.js';
import type { Task } from './task.entity.js';
import { toTaskResponse } from './task.mapper.js';
import { TaskRepository } from './task.repository.js';

const UPDATABLE = ['status', 'title', 'due_at', 'assignee_user_id'] as const;

/** Reading and editing the tasks detected in calls; TaskDetectionStep creates them. */
@Injectable()
@ProvidesCallTasks()
export class TasksService implements CallTasksSource {
  constructor(private readonly tasks: TaskRepository) {}

  list(organizationId: string, query: ListTasksQueryDto): Promise<[Task[], number]> {
    return this.tasks.list(organizationId, {
      status: query.status,
      assigneeUserId: query.user_id,
      callId: query.call_id,
      dueFrom: query.due_after ? rangeStart(query.due_after) : undefined,
      dueBefore: query.due_before ? rangeEndExclusive(query.due_before) : undefined,
      limit: query.limit,
      offset: query.offset,
    });
  }

  /** A call's tasks in transcript order, for the single-call view. */
  async forCall(organizationId: string, callId: string): Promise<Schemas['Task'][]> {
    return (await this.tasks.findForCall(organizationId, callId)).map(toTaskResponse);
  }

  async get(organizationId: string, id: string): Promise<Task> {
    const task = await this.tasks.findById(organizationId, id);
    if (!task) throw AppError.notFound('Task');
    return task;
  }

  /** Edits stay in Aila: a task already pushed to the CRM is not changed there. */
  async update(organizationId: string, id: string, dto: UpdateTaskDto): Promise<Task> {
    if (!UPDATABLE.some((field) => dto[field] !== undefined))
      throw AppError.validation('body', `at least one of ${UPDATABLE.join(', ')}`);
    const task = await this.get(organizationId, id);
    if (dto.status !== undefined) task.status = dto.status;
    if (dto.title !== undefined) task.title = dto.title;
    if (dto.due_at !== undefined) task.dueAt = dto.due_at === null ? null : new Date(dto.due_at);
    if (dto.assignee_user_id !== undefined) task.assigneeUserId = dto.assignee_user_id;
    return this.tasks.save(organizationId, task);
  }
}
