import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  EntityManager,
  FindOptionsSelect,
  FindOptionsWhere,
  In,
  Repository,
  type DeepPartial,
  type EntityMetadata,
  type QueryDeepPartialEntity,
} from 'typeorm';
import type { Schemas } from '../../common/http/openapi-types.js';
import { OrganizationScopedRepository } from '../../database/organization-scoped.repository.js';
import { isoTimestamp, queryPrepared } from '../../database/prepared-query.js';
import { Call } from './call.entity.js';
import { CallContacts } from './call-contacts.js';
import { CALL_SUMMARY_FIELDS, type CallSummaryRow } from './call.mapper.js';
import type { CallDirection, CallStatus, ContactCallStats } from './call.types.js';

/**
 * The quality headline, built by PostgreSQL so the items and their evidence never leave it.
 * `quality` is stored compressed, and each `->` on it would decompress it again: five times a
 * row, most of the page's cost in PostgreSQL (1.25 ms of CPU a page, 0.67 ms this way). The
 * subquery decompresses it once: `|| '{}'` yields an uncompressed copy, and `OFFSET 0` keeps
 * the planner from folding the subquery back into each use.
 */
const QUALITY_SUMMARY_SQL = `(SELECT CASE WHEN q IS NULL THEN NULL ELSE jsonb_build_object(${(
  [
    'score',
    'checklist_version',
    'auto_failed',
    'passed_items',
    'failed_items',
  ] as const satisfies readonly (keyof Schemas['CallQualitySummary'])[]
)
  .map((key) => `'${key}', q->'${key}'`)
  .join(', ')}) END FROM (SELECT c.quality || '{}'::jsonb AS q OFFSET 0) AS quality_copy)`;

/**
 * The select list of a list item: each field's column aliased to the entity's property name,
 * timestamps formatted by PostgreSQL. Built from the entity's metadata at start-up, so a field
 * without a column stops the app rather than a request.
 */
function listItemColumns(metadata: EntityMetadata): string {
  return CALL_SUMMARY_FIELDS.map((field) => {
    const column = metadata.findColumnWithPropertyName(field);
    if (!column) throw new Error(`Call has no column for the list field ${field}`);
    const name = `c.${column.databaseName}`;
    return `${column.type === 'timestamptz' ? isoTimestamp(name) : name} AS "${field}"`;
  })
    .concat(`${QUALITY_SUMMARY_SQL} AS "qualitySummary"`)
    .join(', ');
}

/** Which calls a list shows; every filter is optional, `startedBefore` is exclusive. */
export interface CallListFilter {
  startedFrom?: Date;
  startedBefore?: Date;
  userId?: string;
  status?: CallStatus;
  direction?: CallDirection;
  contactId?: string;
  limit: number;
  offset: number;
}

/** A new call's columns; the organization is the one the insert is made for. */
export type NewCall = Omit<DeepPartial<Call>, 'organizationId'>;

/** Columns the calls module changes on a call after it was accepted. */
export type CallChanges = QueryDeepPartialEntity<Omit<Call, 'id' | 'organizationId'>>;

/** The `calls` table. */
@Injectable()
export class CallRepository extends OrganizationScopedRepository<Call> {
  /** The list item's own columns, built once from the entity's metadata. */
  private readonly listItemColumns: string;
  /** Those and its contact's, once the contacts module is found (after start-up). */
  private listPageColumns?: string;

  constructor(
    @InjectRepository(Call) private readonly calls: Repository<Call>,
    private readonly contacts: CallContacts,
  ) {
    super(calls);
    this.listItemColumns = listItemColumns(calls.metadata);
  }

  /**
   * One page of list items and the total, newest first. This is the API's busiest read, so
   * it skips the QueryBuilder and entity hydration: one prepared statement per combination
   * of filters, whose rows are already list items with their timestamps formatted by
   * PostgreSQL and their contact's `{id, name}` (the contacts module's column, see
   * CallContactsSource). The page and a plain count(*) run in parallel when the pool allows.
   */
  async listSummaries(
    organizationId: string,
    filter: CallListFilter,
  ): Promise<[CallSummaryRow[], number]> {
    const values: unknown[] = [organizationId];
    const where = ['c.organization_id = $1'];
    const add = (condition: string, value: unknown) => {
      values.push(value);
      where.push(`${condition} $${values.length}`);
    };
    if (filter.startedFrom) add('c.started_at >=', filter.startedFrom);
    if (filter.startedBefore) add('c.started_at <', filter.startedBefore);
    if (filter.userId) add('c.user_id =', filter.userId);
    if (filter.status) add('c.status =', filter.status);
    if (filter.direction) add('c.direction =', filter.direction);
    if (filter.contactId) add('c.contact_id =', filter.contactId);
    const matching = `FROM calls c WHERE ${where.join(' AND ')}`;
    const dataSource = this.calls.manager.dataSource;
    this.listPageColumns ??= `${this.listItemColumns}, ${this.contacts.refColumn(
      'c.organization_id',
      'c.contact_id',
    )} AS "contact"`;
    const [page, [counted]] = await Promise.all([
      queryPrepared<CallSummaryRow>(
        dataSource,
        `SELECT ${this.listPageColumns} ${matching}
          ORDER BY c.started_at DESC, c.id DESC
          LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
        [...values, filter.limit, filter.offset],
      ),
      queryPrepared<{ total: number }>(
        dataSource,
        `SELECT count(*)::int AS total ${matching}`,
        values,
      ),
    ]);
    return [page, counted.total];
  }

  findById(organizationId: string, id: string, manager?: EntityManager): Promise<Call | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId, { id }));
  }

  /** Only `fields` (and the id) of the call, for reads that need no more. */
  findFields<K extends keyof Call>(
    organizationId: string,
    id: string,
    fields: readonly K[],
    manager?: EntityManager,
  ): Promise<Pick<Call, K | 'id'> | null> {
    return this.repo(manager).findOne({
      where: this.scoped(organizationId, { id }),
      select: selectOf(fields),
    });
  }

  /** The call, its row locked until `manager`'s transaction ends (read, check, then write). */
  lockById(organizationId: string, id: string, manager: EntityManager): Promise<Call | null> {
    return this.repo(manager).findOne({
      where: this.scoped(organizationId, { id }),
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** The calls among `externalIds` that exist, as `{id, externalId}`. */
  findByExternalIds(
    organizationId: string,
    externalIds: string[],
    manager?: EntityManager,
  ): Promise<Pick<Call, 'id' | 'externalId'>[]> {
    return this.repo(manager).find({
      where: this.scoped(organizationId, { externalId: In(externalIds) }),
      select: { id: true, externalId: true },
    });
  }

  /** Inserts `rows` for the organization; a taken external id is a unique violation. */
  insertMany(organizationId: string, rows: NewCall[], manager?: EntityManager): Promise<Call[]> {
    const repo = this.repo(manager);
    return repo.save(rows.map((row) => repo.create({ ...row, organizationId })));
  }

  /** What a batch's progress is counted from: its calls' status and place, in upload order. */
  findBatchMembers(
    organizationId: string,
    batchId: string,
    manager?: EntityManager,
  ): Promise<
    Pick<Call, 'id' | 'status' | 'failureReason' | 'externalId' | 'metadata' | 'createdAt'>[]
  > {
    return this.repo(manager).find({
      where: this.scoped(organizationId, { batchId }),
      select: {
        id: true,
        status: true,
        failureReason: true,
        externalId: true,
        metadata: true,
        createdAt: true,
      },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** False when the organization has no such call. */
  async update(
    organizationId: string,
    id: string,
    changes: CallChanges,
    manager?: EntityManager,
  ): Promise<boolean> {
    const result = await this.repo(manager).update(this.scoped(organizationId, { id }), changes);
    return (result.affected ?? 0) > 0;
  }

  /**
   * Moves a queued (or stalled processing) call to processing and counts the attempt; answers
   * the call as it now is, or null when it is finished (or not the organization's).
   */
  startProcessing(
    organizationId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<Call | null> {
    return this.updateReturning(
      organizationId,
      { id, status: In(['queued', 'processing']) },
      { status: 'processing', attempts: () => 'attempts + 1' },
      manager,
    );
  }

  /**
   * Marks a processing call completed with the pipeline's `results` and answers it as stored,
   * its row locked until `manager`'s transaction ends; null when it is no longer processing
   * (failed or finished meanwhile), which leaves it as it is.
   */
  completeProcessing(
    organizationId: string,
    id: string,
    results: CallChanges,
    manager: EntityManager,
  ): Promise<Call | null> {
    return this.updateReturning(
      organizationId,
      { id, status: 'processing' },
      { ...results, status: 'completed', failureReason: null, completedAt: () => 'now()' },
      manager,
    );
  }

  /**
   * Fails a processing call with `reason` (cut to 1,000 characters) and the results its steps
   * found before, and answers it as stored; null when it finished meanwhile, which keeps its
   * outcome.
   */
  markFailed(
    organizationId: string,
    id: string,
    reason: string,
    results: CallChanges = {},
    manager?: EntityManager,
  ): Promise<Call | null> {
    return this.updateReturning(
      organizationId,
      { id, status: 'processing' },
      { ...results, status: 'failed', failureReason: reason.slice(0, 1000) },
      manager,
    );
  }

  /** Count, total duration and average score of the contact's completed calls. */
  async completedStatsForContact(
    organizationId: string,
    contactId: string,
    manager?: EntityManager,
  ): Promise<ContactCallStats> {
    const row = await this.repo(manager)
      .createQueryBuilder('call')
      .select('COUNT(*)::int', 'calls')
      .addSelect('COALESCE(SUM(call.duration_seconds), 0)', 'total')
      .addSelect('AVG(call.quality_score)', 'avg')
      .where('call.organization_id = :organizationId AND call.contact_id = :contactId', {
        organizationId,
        contactId,
      })
      .andWhere("call.status = 'completed'")
      .getRawOne<{ calls: number; total: number; avg: number | null }>();
    return {
      calls: row?.calls ?? 0,
      totalDurationSeconds: row?.total ?? 0,
      avgQualityScore: row?.avg ?? null,
    };
  }

  /**
   * Across every organization, for the sweep: calls still queued after a while and calls
   * stuck in processing, oldest first.
   */
  findUnfinishedAcrossOrganizations(
    limit: number,
    manager?: EntityManager,
  ): Promise<{ id: string; organizationId: string }[]> {
    return this.repo(manager).query(
      `SELECT id, organization_id AS "organizationId" FROM calls
        WHERE (status = 'queued' AND updated_at < now() - interval '10 seconds')
           OR (status = 'processing' AND updated_at < now() - interval '10 minutes')
        ORDER BY updated_at LIMIT $1`,
      [limit],
    );
  }

  /** One conditional `UPDATE … RETURNING *`: the call as it now is, or null when none matched. */
  private async updateReturning(
    organizationId: string,
    where: FindOptionsWhere<Call>,
    changes: CallChanges,
    manager?: EntityManager,
  ): Promise<Call | null> {
    const result = await this.repo(manager)
      .createQueryBuilder()
      .update()
      .set(changes)
      .where(this.scoped(organizationId, where))
      .returning('*')
      .execute();
    return this.hydrate(result.raw as Record<string, unknown>[])[0] ?? null;
  }
}

function selectOf<K extends keyof Call>(fields: readonly K[]): FindOptionsSelect<Call> {
  return Object.fromEntries(['id', ...fields].map((field) => [field, true]));
}
