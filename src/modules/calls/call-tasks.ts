import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverOne } from '../../common/discovery/discover-providers.js';
import type { Schemas } from '../../common/http/openapi-types.js';

/**
 * The tasks a call shows. The tasks module owns tasks and implements this; its pipeline step
 * depends on this module, so the implementation is marked with `@ProvidesCallTasks()` and found
 * by discovery, as contacts are (see `CallContacts`).
 */
export interface CallTasksSource {
  /** The call's tasks in transcript order. */
  forCall(organizationId: string, callId: string): Promise<Schemas['Task'][]>;
}

export const ProvidesCallTasks = DiscoveryService.createDecorator<void>();

@Injectable()
export class CallTasks implements CallTasksSource {
  private source?: CallTasksSource;

  constructor(private readonly discovery: DiscoveryService) {}

  forCall(organizationId: string, callId: string): Promise<Schemas['Task'][]> {
    return this.resolve().forCall(organizationId, callId);
  }

  private resolve(): CallTasksSource {
    return (this.source ??= discoverOne<CallTasksSource>(
      this.discovery,
      ProvidesCallTasks,
      'ProvidesCallTasks',
    ));
  }
}
