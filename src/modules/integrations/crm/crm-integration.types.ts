export type CrmProvider = 'hubspot';

export type CrmIntegrationStatus = 'connected' | 'error';

/** What the task push reads of an organization's CRM connection (through CrmIntegrationsService). */
export interface CrmIntegrationRecord {
  id: string;
  organizationId: string;
  provider: CrmProvider;
  baseUrl: string;
  status: CrmIntegrationStatus;
  lastError: string | null;
  /** Sealed; `CrmIntegrationsService.accessToken` opens it. Changes whenever the organization connects again. */
  accessTokenEncrypted: string;
}
