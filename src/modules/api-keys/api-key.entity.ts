import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { TenantOwnedEntity } from '../../common/entities/tenant-owned.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import type { Scope } from '../../common/auth/scopes.js';
import type { ApiKeyCredentials } from './api-key.types.js';

@Entity('api_keys')
export class ApiKey extends TenantOwnedEntity implements ApiKeyCredentials {
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'text' })
  name!: string;

  /** The first characters of the secret, safe to show so people can tell keys apart. */
  @Column({ type: 'text' })
  prefix!: string;

  /** HMAC-SHA256 of the secret keyed with API_KEY_PEPPER; the secret itself is never stored. */
  @Index({ unique: true })
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  /** After a rotation the previous secret keeps working until previousSecretExpiresAt. */
  @Index({ unique: true, where: 'previous_secret_hash IS NOT NULL' })
  @Column({ name: 'previous_secret_hash', type: 'text', nullable: true })
  previousSecretHash!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  @Column({ type: 'text', array: true })
  scopes!: Scope[];

  /** Per-key budget; null means the plan's default. */
  @Column({ name: 'rate_limit', type: 'integer', nullable: true })
  rateLimit!: number | null;

  @Column({ name: 'rate_window_seconds', type: 'integer', nullable: true })
  rateWindowSeconds!: number | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
