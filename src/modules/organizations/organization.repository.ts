import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { CountryCode } from 'libphonenumber-js';
import { EntityManager, Repository } from 'typeorm';
import { Organization } from './organization.entity.js';
import type { Plan, Vertical } from './organization.types.js';

/** Serialises start-up provisioning across instances that boot together. */
const PROVISIONING_LOCK = 7_411_001;

/**
 * The organizations table. Organizations are the tenants themselves, so this repository is
 * not organization-scoped: its methods take the organization's own id.
 */
@Injectable()
export class OrganizationRepository {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
  ) {}

  create(
    fields: { name: string; plan: Plan; vertical?: Vertical; defaultRegion?: CountryCode },
    manager?: EntityManager,
  ): Promise<Organization> {
    const repo = this.repo(manager);
    return repo.save(repo.create(fields));
  }

  findById(id: string, manager?: EntityManager): Promise<Organization | null> {
    return this.repo(manager).findOneBy({ id });
  }

  /** Only the region, for reading phone numbers (a narrow read on the call pipeline's path). */
  async findDefaultRegion(id: string, manager?: EntityManager): Promise<CountryCode | undefined> {
    const organization = await this.repo(manager).findOne({
      where: { id },
      select: { id: true, defaultRegion: true },
    });
    return organization?.defaultRegion;
  }

  save(organization: Organization, manager?: EntityManager): Promise<Organization> {
    return this.repo(manager).save(organization);
  }

  /** The oldest organization with this name: the bootstrap key's, found by its configured name. */
  findOldestByName(name: string, manager?: EntityManager): Promise<Organization | null> {
    return this.repo(manager).findOne({ where: { name }, order: { createdAt: 'ASC' } });
  }

  /** Holds start-up provisioning for the rest of `manager`'s transaction, one instance at a time. */
  async lockProvisioning(manager: EntityManager): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [PROVISIONING_LOCK]);
  }

  private repo(manager?: EntityManager): Repository<Organization> {
    return manager ? manager.getRepository(Organization) : this.organizations;
  }
}
