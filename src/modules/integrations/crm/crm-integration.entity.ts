import { Column, Entity, Index } from 'typeorm';
import { BaseEntity } from '../../../common/entities/base.entity.js';
import type {
  CrmIntegrationRecord,
  CrmIntegrationStatus,
  CrmProvider,
} from './crm-integration.types.js';

/** An organization's CRM connection: at most one, so organization_id is unique rather than only indexed. */
@Entity('crm_integrations')
export class CrmIntegration extends BaseEntity implements CrmIntegrationRecord {
  @Index('uq_crm_integrations_organization', { unique: true })
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text' })
  provider!: CrmProvider;

  /** Sealed with AES-256-GCM under ENCRYPTION_KEY (common/crypto/SecretBox), bound to the organization; never returned. */
  @Column({ name: 'access_token_encrypted', type: 'text' })
  accessTokenEncrypted!: string;

  @Column({ name: 'base_url', type: 'text' })
  baseUrl!: string;

  @Column({ type: 'text', default: 'connected' })
  status!: CrmIntegrationStatus;

  @Column({ name: 'last_synced_at', type: 'timestamptz', nullable: true })
  lastSyncedAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;
}
