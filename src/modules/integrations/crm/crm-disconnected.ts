import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';

/**
 * Told when an organization disconnects its CRM, inside the transaction that deletes the
 * connection, so what depended on it (tasks waiting for their push) changes with it. The tasks
 * module implements it; integrations cannot import that module, which imports this one.
 */
export interface CrmDisconnectListener {
  onCrmDisconnected(organizationId: string, manager: EntityManager): Promise<void>;
}

/** Marks a provider implementing CrmDisconnectListener; it is found at start-up. */
export const CrmDisconnectListener = DiscoveryService.createDecorator();
