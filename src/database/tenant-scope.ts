import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { notFound } from '../common/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * The lock a transaction takes on a row it is about to change: FOR NO KEY UPDATE, not FOR UPDATE. No
 * write here changes a row's key (its id and organization), so a row locked this way still lets
 * others insert rows that refer to it (a notice about a review's subject, an evidence version of a
 * requirement): their foreign-key check takes FOR KEY SHARE, which FOR UPDATE would block. A
 * notice job holding its review while it writes a notification about the subject, and a contract
 * update holding the subject while it cancels that review, deadlocked that way.
 */
export const ROW_LOCK = { mode: 'for_no_key_update' } as const;

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
          ...(forUpdate ? { lock: ROW_LOCK } : {}),
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
