import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverOne } from '../../common/discovery/discover-providers.js';
import type { Schemas } from '../../common/http/openapi-types.js';

/**
 * What a call shows of its contact. The contacts module owns contacts and implements this;
 * it cannot be injected the usual way because the contacts module depends on this one (its
 * pipeline step and its contact view), so the implementation is marked with
 * `@ProvidesCallContacts()` and found by discovery.
 */
export interface CallContactsSource {
  /** `{id, name}` of each contact among `ids` that exists in the organization. */
  refs(organizationId: string, ids: string[]): Promise<Map<string, Schemas['ContactRef']>>;
  /** The contact's short form, for the single-call view; null when it is not in the organization. */
  summary(organizationId: string, id: string): Promise<Schemas['ContactSummary'] | null>;
}

export const ProvidesCallContacts = DiscoveryService.createDecorator<void>();

@Injectable()
export class CallContacts implements CallContactsSource {
  private source?: CallContactsSource;

  constructor(private readonly discovery: DiscoveryService) {}

  async refs(organizationId: string, ids: string[]): Promise<Map<string, Schemas['ContactRef']>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    return this.resolve().refs(organizationId, unique);
  }

  summary(organizationId: string, id: string): Promise<Schemas['ContactSummary'] | null> {
    return this.resolve().summary(organizationId, id);
  }

  private resolve(): CallContactsSource {
    return (this.source ??= discoverOne<CallContactsSource>(
      this.discovery,
      ProvidesCallContacts,
      'ProvidesCallContacts',
    ));
  }
}
