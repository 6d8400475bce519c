import type { EntityManager, FindOptionsWhere, ObjectLiteral, Repository } from 'typeorm';

/**
 * The base of every repository of tenant data. Each query method takes the organization id
 * first and adds it to the condition itself, so a query that forgets the tenant cannot be
 * written through it. Methods take an optional `EntityManager` last, to run inside a
 * transaction someone else started (see `Transactions`).
 */
export abstract class OrganizationScopedRepository<
  E extends ObjectLiteral & { organizationId: string },
> {
  protected constructor(private readonly repository: Repository<E>) {}

  /** The repository, bound to the caller's transaction when there is one. */
  protected repo(manager?: EntityManager): Repository<E> {
    return manager ? manager.getRepository<E>(this.repository.target) : this.repository;
  }

  /**
   * Entities from the raw rows of a `RETURNING *` (column names, driver values), converted the
   * way a find converts them, so a write can answer the row it wrote without reading it again.
   */
  protected hydrate(rows: readonly Record<string, unknown>[]): E[] {
    const { metadata, manager } = this.repository;
    const driver = manager.connection.driver;
    return rows.map((row) => {
      const entity = metadata.create() as E;
      for (const column of metadata.columns) {
        column.setEntityValue(
          entity,
          driver.prepareHydratedValue(row[column.databaseName], column),
        );
      }
      return entity;
    });
  }

  /** `where`, limited to the organization. */
  protected scoped(organizationId: string, where: FindOptionsWhere<E> = {}): FindOptionsWhere<E> {
    return { ...where, organizationId } as FindOptionsWhere<E>;
  }
}
