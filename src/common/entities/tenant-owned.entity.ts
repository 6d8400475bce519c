import { Column, Index } from 'typeorm';
import { BaseEntity } from './base.entity.js';

/** Every table holding customer data carries organization_id: the tenant boundary. */
export abstract class TenantOwnedEntity extends BaseEntity {
  @Index()
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;
}
