import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../database/organization-scoped.repository.js';
import { Task, TaskStatus } from './task.entity.js';

/** What the task list filters on; the due dates bound a half-open range `[dueFrom, dueBefore)`. */
export interface TaskListFilter {
  status?: TaskStatus;
  assigneeUserId?: string;
  callId?: string;
  dueFrom?: Date;
  dueBefore?: Date;
  limit: number;
  offset: number;
}

/** A detected task as stored, before it has an id. */
export type NewTask = Pick<
  Task,
  | 'callId'
  | 'title'
  | 'description'
  | 'dueAt'
  | 'assigneeUserId'
  | 'status'
  | 'source'
  | 'fingerprint'
  | 'position'
  | 'crmProvider'
  | 'crmState'
>;

@Injectable()
export class TaskRepository extends OrganizationScopedRepository<Task> {
  constructor(@InjectRepository(Task) repository: Repository<Task>) {
    super(repository);
  }

  /** A page of the organization's tasks, soonest due first. */
  list(organizationId: string, filter: TaskListFilter): Promise<[Task[], number]> {
    const qb = this.repo()
      .createQueryBuilder('task')
      .where('task.organization_id = :organizationId', { organizationId });
    if (filter.status) qb.andWhere('task.status = :status', { status: filter.status });
    if (filter.assigneeUserId)
      qb.andWhere('task.assignee_user_id = :userId', { userId: filter.assigneeUserId });
    if (filter.callId) qb.andWhere('task.call_id = :callId', { callId: filter.callId });
    if (filter.dueFrom) qb.andWhere('task.due_at >= :dueAfter', { dueAfter: filter.dueFrom });
    if (filter.dueBefore) qb.andWhere('task.due_at < :dueBefore', { dueBefore: filter.dueBefore });
    return qb
      .orderBy('task.due_at', 'ASC', 'NULLS LAST')
      .addOrderBy('task.created_at', 'DESC')
      .addOrderBy('task.id', 'DESC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
  }

  findById(organizationId: string, id: string, manager?: EntityManager): Promise<Task | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId, { id }));
  }

  /** The task, locked until `manager`'s transaction ends. */
  lockById(organizationId: string, id: string, manager: EntityManager): Promise<Task | null> {
    return this.repo(manager).findOne({
      where: this.scoped(organizationId, { id }),
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** These tasks of the organization, in their call's transcript order. */
  /** A call's tasks in transcript order. */
  findForCall(organizationId: string, callId: string): Promise<Task[]> {
    return this.repo().find({
      where: this.scoped(organizationId, { callId }),
      order: { position: 'ASC' },
    });
  }

  /** Stores the changes made to a task read from this organization. */
  async save(organizationId: string, task: Task, manager?: EntityManager): Promise<Task> {
    if (task.organizationId !== organizationId)
      throw new Error(`Task ${task.id} is not of organization ${organizationId}`);
    return this.repo(manager).save(task);
  }

  /**
   * Inserts the tasks whose (call, fingerprint) is not stored yet, so a retried job inserts
   * nothing twice; returns the rows it inserted, by position.
   */
  async insertNew(
    organizationId: string,
    tasks: NewTask[],
    manager?: EntityManager,
  ): Promise<Task[]> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .insert()
      .into(Task)
      .values(tasks.map((task) => ({ ...task, organizationId })))
      .orIgnore()
      .returning('*')
      .execute();
    return this.hydrate(result.raw as Record<string, unknown>[]).sort(
      (a, b) => a.position - b.position,
    );
  }

  /** A push still owed by a task is given up on, with `reason`. */
  async failPendingCrmPushes(
    organizationId: string,
    reason: string,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update(this.scoped(organizationId, { crmState: 'pending' }), {
      crmState: 'failed',
      crmLastError: reason,
    });
  }

  /** Gives up on the task's push, unless it is no longer pending. */
  async failCrmPush(
    organizationId: string,
    id: string,
    reason: string,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update(this.scoped(organizationId, { id, crmState: 'pending' }), {
      crmState: 'failed',
      crmLastError: reason,
    });
  }

  /** Notes why the latest push attempt failed, while the push is still pending (it is retried). */
  async noteCrmPushError(
    organizationId: string,
    id: string,
    message: string,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update(this.scoped(organizationId, { id, crmState: 'pending' }), {
      crmLastError: message,
    });
  }

  /**
   * Across all organizations, for the sweep: up to `limit` tasks whose CRM push is still
   * pending `olderThanSeconds` after they were created, oldest first.
   */
  findPendingCrmPushesAcrossOrganizations(
    olderThanSeconds: number,
    limit: number,
    manager?: EntityManager,
  ): Promise<Pick<Task, 'id' | 'organizationId'>[]> {
    return this.repo(manager).query(
      `SELECT id, organization_id AS "organizationId" FROM tasks
        WHERE crm_state = 'pending' AND created_at < now() - make_interval(secs => $1)
        ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }
}
