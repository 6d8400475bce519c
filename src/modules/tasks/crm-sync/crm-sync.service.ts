import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { Transactions } from '../../../database/transactions.js';
import { JobQueue } from '../../../queue/job-queue.js';
import { QueueName } from '../../../queue/queue-names.js';
import { CallsService } from '../../calls/calls.service.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { CrmDisconnectListener } from '../../integrations/crm/crm-disconnected.js';
import type { CrmIntegrationRecord } from '../../integrations/crm/crm-integration.types.js';
import { CrmIntegrationsService } from '../../integrations/crm/crm-integrations.service.js';
import { EventOutbox } from '../../webhooks/outbox/event-outbox.service.js';
import {
  createHubSpotTask,
  ensureAilaTaskIdProperty,
  findHubSpotTask,
  HubSpotError,
  type HubSpotConnection,
} from '../../integrations/hubspot/hubspot-client.js';
import { SYNC_TASK_JOB, type SyncTaskJob } from '../jobs/sync-task.job.js';
import type { Task } from '../task.entity.js';
import { toTaskCrmSync, toTaskResponse } from '../task.mapper.js';
import { TaskRepository } from '../task.repository.js';
import { toHubSpotTask } from './hubspot-task.js';

/** The contact custom field holding the contact's HubSpot record id; tasks are associated to it. */
export const HUBSPOT_CONTACT_ID_FIELD = 'hubspot_contact_id';

export const DISCONNECTED_BEFORE_SYNC = 'The CRM was disconnected before this task was synced';

/** About ten minutes of retries (5 s doubling over 8 attempts): a short CRM outage loses nothing. */
export const SYNC_JOB_OPTIONS = { attempts: 8, backoffMs: 5000 };

/** A push given up on: the token, the request or the base URL is wrong, or retries ran out. */
interface Failure {
  message: string;
  /**
   * What it says about the connection: `broken` (token refused or unreadable) puts it in error,
   * `noted` records the error on it, `known` leaves it as it is (it is already in error).
   */
  connection: 'broken' | 'noted' | 'known';
}

/**
 * Pushes tasks to the organization's CRM, one job per task (job id = task id, so a task is
 * never queued twice). The task's `crm_state` is the source of truth: `pending` until pushed
 * or given up on, so a job lost with Redis is found again by the sweep. A HubSpot task carries
 * the Aila task id, and a push looks for it before creating: a retry after HubSpot took the task
 * but recording it failed finds that task instead of creating a second one. Disconnecting the
 * CRM gives up on the pushes still owed.
 */
@Injectable()
@CrmDisconnectListener()
export class CrmSync implements CrmDisconnectListener {
  private readonly logger = new Logger(CrmSync.name);
  /** Connections whose portal has the Aila task id property: it is made once per process and connection. */
  private readonly markedPortals = new Set<string>();

  constructor(
    private readonly calls: CallsService,
    private readonly tasks: TaskRepository,
    private readonly transactions: Transactions,
    private readonly queue: JobQueue,
    private readonly integrations: CrmIntegrationsService,
    private readonly contacts: ContactsService,
    private readonly outbox: EventOutbox,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async onCrmDisconnected(organizationId: string, manager: EntityManager): Promise<void> {
    await this.tasks.failPendingCrmPushes(organizationId, DISCONNECTED_BEFORE_SYNC, manager);
  }

  /** A failure to queue is logged, not thrown: the tasks are committed and the sweep queues them later. */
  async enqueue(tasks: Pick<Task, 'id' | 'organizationId'>[]): Promise<void> {
    for (const task of tasks) {
      try {
        await this.queue.add<SyncTaskJob>(
          QueueName.Crm,
          SYNC_TASK_JOB,
          { organizationId: task.organizationId, taskId: task.id },
          { jobId: task.id, ...SYNC_JOB_OPTIONS },
        );
      } catch (err) {
        this.logger.warn(
          `Task ${task.id} is stored but its CRM push is not queued yet (${(err as Error).message}); the sweep will queue it`,
        );
        return;
      }
    }
  }

  /**
   * One push attempt. Success and permanent failures are recorded and end the job; a transient
   * failure is recorded on the task and thrown for the queue to retry, until the last attempt.
   */
  async push({ organizationId, taskId }: SyncTaskJob, lastAttempt: boolean): Promise<void> {
    const task = await this.tasks.findById(organizationId, taskId);
    if (task?.crmState !== 'pending') return;
    const integration = await this.integrations.find(organizationId);
    // Detection can insert a pending task just after a disconnect gave up on the others; left
    // pending, the sweep would queue it again forever.
    if (!integration)
      return this.tasks.failCrmPush(organizationId, taskId, DISCONNECTED_BEFORE_SYNC);
    if (integration.status === 'error') {
      return this.recordFailure(task, integration, {
        message: `Not sent: the CRM connection is in error (${integration.lastError ?? 'unknown'}); connect it again`,
        connection: 'known',
      });
    }

    let accessToken: string;
    try {
      accessToken = this.integrations.accessToken(integration);
    } catch {
      return this.recordFailure(task, integration, {
        message:
          'The stored access token cannot be decrypted (was ENCRYPTION_KEY changed?); connect again',
        connection: 'broken',
      });
    }

    const connection: HubSpotConnection = {
      baseUrl: integration.baseUrl,
      accessToken,
      allowPrivate: this.config.get('ALLOW_PRIVATE_URLS', { infer: true }),
    };
    let externalId: string;
    try {
      await this.ensureMarkedPortal(integration, connection);
      const existing = await findHubSpotTask(connection, task.id);
      ({ id: externalId } =
        existing ??
        (await createHubSpotTask({
          ...connection,
          task: toHubSpotTask(task, await this.hubSpotContactIdOf(task)),
        })));
    } catch (err) {
      if (!(err instanceof HubSpotError)) throw err;
      if (err.permanent || lastAttempt) {
        return this.recordFailure(task, integration, {
          message: err.permanent ? err.message : `${err.message} (gave up after retrying)`,
          connection: err.status === 401 || err.status === 403 ? 'broken' : 'noted',
        });
      }
      await this.tasks.noteCrmPushError(organizationId, task.id, err.message);
      throw err;
    }
    await this.recordSuccess(task, externalId);
  }

  private async ensureMarkedPortal(
    integration: CrmIntegrationRecord,
    connection: HubSpotConnection,
  ): Promise<void> {
    // Connecting again (maybe to another portal) seals the token anew, so that portal is marked too.
    const key = `${integration.id} ${integration.baseUrl} ${integration.accessTokenEncrypted}`;
    if (this.markedPortals.has(key)) return;
    await ensureAilaTaskIdProperty(connection);
    this.markedPortals.add(key);
  }

  private async hubSpotContactIdOf(task: Task): Promise<string | undefined> {
    const { organizationId } = task;
    const call = await this.calls.findFields(organizationId, task.callId, ['contactId']);
    if (!call?.contactId) return undefined;
    const contact = await this.contacts.find(organizationId, call.contactId);
    const value = contact?.customFields[HUBSPOT_CONTACT_ID_FIELD];
    if (typeof value === 'number' && Number.isInteger(value)) return String(value);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }

  private async recordSuccess(pending: Task, externalId: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      const task = await this.tasks.lockById(pending.organizationId, pending.id, manager);
      // A task is pending only once it was handed to a provider.
      if (task?.crmState !== 'pending' || !task.crmProvider) return;
      const { crmProvider } = task;
      const now = new Date();
      task.crmState = 'synced';
      task.crmExternalId = externalId;
      task.crmSyncedAt = now;
      task.crmLastError = null;
      const saved = await this.tasks.save(task.organizationId, task, manager);
      await this.integrations.recordSynced(task.organizationId, now, manager);
      await this.outbox.record(manager, {
        organizationId: task.organizationId,
        type: 'task.synced',
        data: { ...toTaskResponse(saved), crm: toTaskCrmSync({ ...saved, crmProvider }) },
      });
    });
  }

  private async recordFailure(
    task: Task,
    integration: CrmIntegrationRecord,
    failure: Failure,
  ): Promise<void> {
    this.logger.warn(`Task ${task.id} was not pushed to the CRM: ${failure.message}`);
    await this.transactions.run(async (manager) => {
      await this.tasks.failCrmPush(task.organizationId, task.id, failure.message, manager);
      if (failure.connection === 'known') return;
      await this.integrations.recordError(
        integration,
        { message: failure.message, broken: failure.connection === 'broken' },
        manager,
      );
    });
  }
}
