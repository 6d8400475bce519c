import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Organization } from '../../organizations/organization.entity.js';
import type { ChecklistItem } from './checklist.types.js';

/**
 * One immutable version of an organization's quality checklist; the highest version is the active
 * one. Scores name the version they were computed with, so a row is never updated or deleted.
 */
@Entity('quality_checklists')
// Two writers creating the same version (the lazy default, concurrent replacements) collide here.
@Index('uq_quality_checklists_org_version', ['organizationId', 'version'], { unique: true })
export class QualityChecklist {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  items!: ChecklistItem[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
