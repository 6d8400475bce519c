import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../../database/organization-scoped.repository.js';
import type { ChecklistDefinition } from './checklist.types.js';
import { QualityChecklist } from './quality-checklist.entity.js';

/** Checklist versions are only ever inserted; the unique (organization, version) index settles races. */
@Injectable()
export class QualityChecklistRepository extends OrganizationScopedRepository<QualityChecklist> {
  constructor(@InjectRepository(QualityChecklist) repository: Repository<QualityChecklist>) {
    super(repository);
  }

  /** The highest version, or null when the organization has none yet. */
  findLatest(organizationId: string, manager?: EntityManager): Promise<QualityChecklist | null> {
    return this.repo(manager).findOne({
      where: this.scoped(organizationId),
      order: { version: 'DESC' },
    });
  }

  findById(
    organizationId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<QualityChecklist | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId, { id }));
  }

  /** Stores `version`; throws a unique violation when another writer stored it first. */
  insert(
    organizationId: string,
    version: number,
    checklist: ChecklistDefinition,
    manager?: EntityManager,
  ): Promise<QualityChecklist> {
    const repo = this.repo(manager);
    const { name, items } = checklist;
    return repo.save(repo.create({ organizationId, version, name, items }));
  }

  /** Stores `version` unless it exists already (then nothing happens). */
  async insertIfAbsent(
    organizationId: string,
    version: number,
    checklist: ChecklistDefinition,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .insert()
      .into(QualityChecklist)
      .values({ organizationId, version, name: checklist.name, items: checklist.items })
      .orIgnore()
      .execute();
  }
}
