import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../database/organization-scoped.repository.js';
import { CallBatch } from './call-batch.entity.js';

/** The `call_batches` table. */
@Injectable()
export class CallBatchRepository extends OrganizationScopedRepository<CallBatch> {
  constructor(@InjectRepository(CallBatch) repository: Repository<CallBatch>) {
    super(repository);
  }

  create(organizationId: string, total: number, manager?: EntityManager): Promise<CallBatch> {
    const repo = this.repo(manager);
    return repo.save(repo.create({ organizationId, total }));
  }

  findById(organizationId: string, id: string, manager?: EntityManager): Promise<CallBatch | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId, { id }));
  }
}
