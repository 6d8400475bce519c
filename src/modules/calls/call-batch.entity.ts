import { Column, Entity } from 'typeorm';
import { TenantOwnedEntity } from '../../common/entities/tenant-owned.entity.js';

/** A batch upload; its progress is counted from its calls, never stored twice. */
@Entity('call_batches')
export class CallBatch extends TenantOwnedEntity {
  @Column({ type: 'integer' })
  total!: number;
}
