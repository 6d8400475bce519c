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
  /**
   * SQL for one column of a query over calls: the call's contact as json `{id, name}`, or NULL
   * when the organization has no such contact, given the SQL expressions (column references,
   * never values) of the call's organization id and contact id. The call list reads its items' contacts in the statement that reads its page
   * (a round trip less on the API's busiest read), while the SQL that reads contacts still
   * comes from the module that owns them.
   */
  refColumn(organizationIdSql: string, contactIdSql: string): string;
  /** The contact's short form, for the single-call view; null when it is not in the organization. */
  summary(organizationId: string, id: string): Promise<Schemas['ContactSummary'] | null>;
}

export const ProvidesCallContacts = DiscoveryService.createDecorator<void>();

@Injectable()
export class CallContacts implements CallContactsSource {
  private source?: CallContactsSource;

  constructor(private readonly discovery: DiscoveryService) {}

  refColumn(organizationIdSql: string, contactIdSql: string): string {
    return this.resolve().refColumn(organizationIdSql, contactIdSql);
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
