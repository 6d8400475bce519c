import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { rangeEndExclusive, rangeStart } from '../../common/validation/date-range.js';
import { ProvidesCallTasks, type CallTasksSource } from '../calls/call-tasks.js';
import { ListTasksQueryDto } from './dto/list-tasks-query.dto.js';
import { UpdateTaskDto } from './dto/update-task.dto.js';
import { Task } from './task.entity.js';
import { toTaskResponse } from './task.mapper.js';

const UPDATABLE = ['status', 'title', 'due_at', 'assignee_user_id'] as const;

/** Reading and editing the tasks detected in calls; TaskDetectionStep creates them. */
@Injectable()
@ProvidesCallTasks()
export class TasksService implements CallTasksSource {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(organizationId: string, query: ListTasksQueryDto): Promise<[Task[], number]> {
    const qb = this.dataSource
      .getRepository(Task)
      .createQueryBuilder('task')
      .where('task.organization_id = :organizationId', { organizationId });
    if (query.status) qb.andWhere('task.status = :status', { status: query.status });
    if (query.user_id) qb.andWhere('task.assignee_user_id = :userId', { userId: query.user_id });
    if (query.call_id) qb.andWhere('task.call_id = :callId', { callId: query.call_id });
    if (query.due_after)
      qb.andWhere('task.due_at >= :dueAfter', { dueAfter: rangeStart(query.due_after) });
    if (query.due_before)
      qb.andWhere('task.due_at < :dueBefore', { dueBefore: rangeEndExclusive(query.due_before) });
    return qb
      .orderBy('task.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('task.created_at', 'DESC')
      .addOrderBy('task.id', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
  }

  /** A call's tasks in transcript order, for the single-call view. */
  async forCall(organizationId: string, callId: string): Promise<Schemas['Task'][]> {
    const tasks = await this.dataSource
      .getRepository(Task)
      .find({ where: { organizationId, callId }, order: { position: 'ASC' } });
    return tasks.map(toTaskResponse);
  }

  async get(organizationId: string, id: string): Promise<Task> {
    const task = await this.dataSource.getRepository(Task).findOneBy({ organizationId, id });
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
    return this.dataSource.getRepository(Task).save(task);
  }
}
