import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { conflictOnDuplicate, notFound } from '../common/errors';
import { Database } from '../database/database';
import { isUuid, ROW_LOCK, scoped } from '../database/tenant-scope';
import { DepartmentEntity } from './department.entity';
import { OrganizationEntity } from './organization.entity';

export type NewOrganizationRow = Pick<OrganizationEntity, 'code' | 'name' | 'timeZone'>;

/** The tenants and their departments. */
@Injectable()
export class OrganizationsRepository {
  constructor(private readonly database: Database) {}

  /**
   * An organization by id, before any context exists: a job worker reads the time zone of the
   * organization its job names. Null when there is none.
   */
  async byId(id: string): Promise<OrganizationEntity | null> {
    if (!isUuid(id)) return null;
    return this.database.manager(null).findOneBy(OrganizationEntity, { id });
  }

  /** Every organization, by id, before any context exists: a sweep job works for each in turn. */
  all(): Promise<OrganizationEntity[]> {
    return this.database.manager(null).find(OrganizationEntity, { order: { id: 'ASC' } });
  }

  /** An organization by its sign-in code, before any context exists (signing in, the demo seed). Null when there is none. */
  byCode(code: string): Promise<OrganizationEntity | null> {
    return this.database.manager(null).findOneBy(OrganizationEntity, { code });
  }

  /** The context's organization. */
  async get(ctx: Context): Promise<OrganizationEntity> {
    const organization = await this.database.manager(ctx).findOneBy(OrganizationEntity, { id: ctx.organizationId });
    if (!organization) throw notFound('組織');
    return organization;
  }

  /**
   * Locks the context's organization row to the end of the transaction, without blocking the
   * foreign keys that point at it: changes that must see every other one of their kind in the
   * organization (roles, active flags) take it first and run one after another.
   */
  async lock(ctx: Context): Promise<void> {
    await this.database.manager(ctx).findOne(OrganizationEntity, { where: { id: ctx.organizationId }, lock: ROW_LOCK });
  }

  /**
   * Writes a new organization whose id is the context's (the context is made for it before it
   * exists, so that its first writes run in one transaction); a code already taken is CONFLICT
   * with `duplicateMessage`.
   */
  async insert(ctx: Context, fields: NewOrganizationRow, duplicateMessage: string): Promise<OrganizationEntity> {
    const manager = this.database.manager(ctx);
    const organization = manager.create(OrganizationEntity, { ...fields, id: ctx.organizationId });
    await manager.insert(OrganizationEntity, organization).catch((error: unknown) => conflictOnDuplicate(error, duplicateMessage));
    return organization;
  }

  /** A department of the context's organization, or NOT_FOUND for an unknown, malformed or foreign id. */
  department(ctx: Context, id: string): Promise<DepartmentEntity> {
    return scoped(this.database.manager(ctx), ctx).get(DepartmentEntity, id, '部署');
  }

  /** The organization's departments by name, then id. */
  departments(ctx: Context): Promise<DepartmentEntity[]> {
    return scoped(this.database.manager(ctx), ctx).find(DepartmentEntity, {}, { name: 'ASC', id: 'ASC' });
  }

  /** The departments among `ids`, in no particular order (a loader orders them). */
  async departmentsByIds(ctx: Context, ids: readonly string[]): Promise<DepartmentEntity[]> {
    const valid = ids.filter(isUuid);
    if (valid.length === 0) return [];
    return scoped(this.database.manager(ctx), ctx).find(DepartmentEntity, { id: In(valid) });
  }

  /** Adds a department; a name already used in the organization is CONFLICT with `duplicateMessage`. */
  async insertDepartment(ctx: Context, name: string, duplicateMessage: string): Promise<DepartmentEntity> {
    const manager = this.database.manager(ctx);
    const department = manager.create(DepartmentEntity, { organizationId: ctx.organizationId, name });
    await manager.save(department).catch((error: unknown) => conflictOnDuplicate(error, duplicateMessage));
    return department;
  }
}
