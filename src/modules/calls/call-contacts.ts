import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
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

  private resolve(): CallContactsSource {
    if (this.source) return this.source;
    const found = this.discovery
      .getProviders({ metadataKey: ProvidesCallContacts.KEY })
      .map((wrapper) => wrapper.instance as CallContactsSource | undefined)
      .filter((instance): instance is CallContactsSource => instance !== undefined);
    if (found.length !== 1)
      throw new Error(`Expected one @ProvidesCallContacts() provider, found ${found.length}`);
    return (this.source = found[0]);
  }
}
