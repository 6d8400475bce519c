import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../../database/postgres-errors.js';
import type { ChecklistItem, VersionedChecklist } from './checklist.types.js';
import { DEFAULT_CHECKLIST } from './default-checklist.js';
import type { QualityChecklist } from './quality-checklist.entity.js';
import { QualityChecklistRepository } from './quality-checklist.repository.js';

/** Each failed attempt means another replacement committed; this many in a row does not happen in practice. */
const MAX_REPLACE_ATTEMPTS = 5;

export function toVersionedChecklist(checklist: QualityChecklist): VersionedChecklist {
  return { id: checklist.id, version: checklist.version, items: checklist.items };
}

/**
 * The organization's checklist versions. Versions are only ever inserted; the unique
 * (organization_id, version) index settles every race between writers.
 */
@Injectable()
export class ChecklistService {
  constructor(private readonly checklists: QualityChecklistRepository) {}

  /** The highest version; an organization without one gets DEFAULT_CHECKLIST, stored as version 1. */
  async active(organizationId: string, manager?: EntityManager): Promise<QualityChecklist> {
    const latest = await this.checklists.findLatest(organizationId, manager);
    if (latest) return latest;
    await this.checklists.insertIfAbsent(organizationId, 1, DEFAULT_CHECKLIST, manager);
    const created = await this.checklists.findLatest(organizationId, manager);
    if (!created) throw new Error(`No quality checklist for organization ${organizationId}`);
    return created;
  }

  /** One version of the organization's checklist, or null (another organization's is null too). */
  async find(
    manager: EntityManager,
    organizationId: string,
    id: string,
  ): Promise<QualityChecklist | null> {
    return this.checklists.findById(organizationId, id, manager);
  }

  /** Stores `items` as the next version; omitting `name` keeps the active version's name. */
  async replace(
    organizationId: string,
    name: string | undefined,
    items: ChecklistItem[],
  ): Promise<QualityChecklist> {
    for (let attempt = 1; ; attempt += 1) {
      const current = await this.active(organizationId);
      try {
        return await this.checklists.insert(organizationId, current.version + 1, {
          name: name ?? current.name,
          items,
        });
      } catch (err) {
        if (!isUniqueViolation(err) || attempt === MAX_REPLACE_ATTEMPTS) throw err;
      }
    }
  }
}
