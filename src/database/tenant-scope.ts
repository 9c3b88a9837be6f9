import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { notFound } from '../common/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

type Tenanted = ObjectLiteral & { organizationId: string | null };

/**
 * Every read and write of a tenant-owned table goes through here, so the organization filter is
 * never left to memory. Another organization's id behaves exactly like an unknown one.
 */
export class TenantScope {
  constructor(
    readonly manager: EntityManager,
    readonly organizationId: string,
  ) {}

  /** The row, or NOT_FOUND naming `what` (in Japanese) for an unknown, malformed or foreign id. */
  async get<T extends Tenanted>(entity: EntityTarget<T>, id: string, what: string, forUpdate = false): Promise<T> {
    const row = isUuid(id)
      ? await this.manager.findOne(entity, {
          where: { id, organizationId: this.organizationId } as unknown as FindOptionsWhere<T>,
          ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!row) throw notFound(what);
    return row;
  }

  find<T extends Tenanted>(entity: EntityTarget<T>, where: FindOptionsWhere<T> = {}, order?: Record<string, 'ASC' | 'DESC'>): Promise<T[]> {
    return this.manager.find(entity, {
      where: { ...where, organizationId: this.organizationId } as FindOptionsWhere<T>,
      ...(order ? { order: order as never } : {}),
    });
  }

  findOneBy<T extends Tenanted>(entity: EntityTarget<T>, where: FindOptionsWhere<T>): Promise<T | null> {
    return this.manager.findOneBy(entity, { ...where, organizationId: this.organizationId });
  }

  /** A query builder already filtered on the organization. */
  select<T extends Tenanted>(entity: EntityTarget<T>, alias: string): SelectQueryBuilder<T> {
    return this.manager
      .createQueryBuilder(entity, alias)
      .where(`${alias}.organization_id = :organizationId`, { organizationId: this.organizationId });
  }
}

export function scoped(manager: EntityManager, tenant: { organizationId: string }): TenantScope {
  return new TenantScope(manager, tenant.organizationId);
}
