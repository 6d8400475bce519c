import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The first answer to a request made with an Idempotency-Key, replayed for 24 hours. */
@Entity('idempotency_keys')
@Index('uq_idempotency_keys_org_key', ['organizationId', 'key'], { unique: true })
export class IdempotencyKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text' })
  key!: string;

  /** Method, path and a hash of the body: the same key with another request is a conflict. */
  @Column({ name: 'request_fingerprint', type: 'text' })
  requestFingerprint!: string;

  /** Null while the first request is still in flight (its transaction holds the row). */
  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @Index()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
