import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Context } from '../common/context';
import { conflictOnDuplicate } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { containsPattern, searchKey } from '../common/search-key';
import { Database } from '../database/database';
import { keysetPage, mapPage } from '../database/keyset-page';
import { scoped } from '../database/tenant-scope';
import { VendorCertificationEntity } from './vendor-certification.entity';
import { VendorEntity } from './vendor.entity';

export type VendorWithCertifications = VendorEntity & { certifications: VendorCertificationEntity[] };

export type NewCertification = Pick<VendorCertificationEntity, 'type' | 'identifier' | 'validUntil'>;

const DUPLICATE_CORPORATE_NUMBER = 'この法人番号の取引先は既に登録されています。';

/** Vendors and their certifications, filtered on the context's organization. */
@Injectable()
export class VendorsRepository {
  constructor(private readonly database: Database) {}

  /** The vendor row, or NOT_FOUND (取引先); `forUpdate` locks it to the end of the transaction. */
  get(ctx: Context, id: string, forUpdate = false): Promise<VendorEntity> {
    return scoped(this.database.manager(ctx), ctx).get(VendorEntity, id, '取引先', forUpdate);
  }

  async withCertifications(ctx: Context, id: string): Promise<VendorWithCertifications> {
    const [vendor] = await this.attachCertifications(ctx, [await this.get(ctx, id)]);
    return vendor;
  }

  /** The vendors of the given ids that exist in the organization, with their certifications. */
  async byIds(ctx: Context, ids: readonly string[]): Promise<VendorWithCertifications[]> {
    if (ids.length === 0) return [];
    const vendors = await scoped(this.database.manager(ctx), ctx).find(VendorEntity, { id: In([...ids]) });
    return this.attachCertifications(ctx, vendors);
  }

  /** Each vendor's certifications as the dated rules read them (type and last valid day), by vendor id. */
  async certificationFacts(
    ctx: Context,
    ids: readonly string[],
  ): Promise<Map<string, Pick<VendorCertificationEntity, 'type' | 'validUntil'>[]>> {
    const byVendor = new Map<string, Pick<VendorCertificationEntity, 'type' | 'validUntil'>[]>();
    if (ids.length === 0) return byVendor;
    const rows = await this.database.manager(ctx).find(VendorCertificationEntity, {
      select: { vendorId: true, type: true, validUntil: true },
      where: { organizationId: ctx.organizationId, vendorId: In([...ids]) },
    });
    for (const { vendorId, type, validUntil } of rows) byVendor.set(vendorId, [...(byVendor.get(vendorId) ?? []), { type, validUntil }]);
    return byVendor;
  }

  /** Every vendor of the organization (without certifications). */
  all(ctx: Context): Promise<VendorEntity[]> {
    return scoped(this.database.manager(ctx), ctx).find(VendorEntity);
  }

  /** Vendors by name then id, optionally only those whose name contains `search`. */
  async page(ctx: Context, search: string | undefined, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<VendorWithCertifications>> {
    const query = scoped(this.database.manager(ctx), ctx).select(VendorEntity, 'v');
    if (search && searchKey(search)) query.andWhere(`v.search_key LIKE :pattern ESCAPE '\\'`, { pattern: containsPattern(search) });
    const page = await keysetPage(
      query,
      {
        columns: [
          { sql: 'v.name', kind: 'text', of: (vendor) => vendor.name },
          { sql: 'v.id', kind: 'uuid', of: (vendor) => vendor.id },
        ],
        direction: 'ASC',
      },
      first,
      after,
    );
    return mapPage(
      page,
      (rows) => this.attachCertifications(ctx, rows),
      (vendor) => vendor,
    );
  }

  /** A new vendor; a corporate number already registered is CONFLICT. */
  async insert(
    ctx: Context,
    fields: Omit<VendorEntity, 'id' | 'organizationId' | 'version' | 'createdAt' | 'updatedAt'>,
  ): Promise<VendorEntity> {
    const manager = this.database.manager(ctx);
    const vendor = manager.create(VendorEntity, { ...fields, organizationId: ctx.organizationId });
    await manager.save(vendor).catch((error: unknown) => conflictOnDuplicate(error, DUPLICATE_CORPORATE_NUMBER));
    return vendor;
  }

  /** Writes the vendor's columns with the version given (it moves with every real change, certifications included). */
  async update(ctx: Context, vendor: VendorEntity): Promise<void> {
    await this.database
      .manager(ctx)
      .createQueryBuilder()
      .update(VendorEntity)
      .set({
        name: vendor.name,
        searchKey: vendor.searchKey,
        corporateNumber: vendor.corporateNumber,
        address: vendor.address,
        websiteUrl: vendor.websiteUrl,
        certificationsValidThrough: vendor.certificationsValidThrough,
        version: vendor.version,
        updatedAt: () => 'now()',
      })
      .where('id = :id AND organization_id = :organizationId', { id: vendor.id, organizationId: ctx.organizationId })
      .execute()
      .catch((error: unknown) => conflictOnDuplicate(error, DUPLICATE_CORPORATE_NUMBER));
  }

  /** Replaces a vendor's certifications, in the given order. */
  async replaceCertifications(ctx: Context, vendorId: string, certifications: NewCertification[]): Promise<VendorCertificationEntity[]> {
    const manager = this.database.manager(ctx);
    await manager.delete(VendorCertificationEntity, { organizationId: ctx.organizationId, vendorId });
    if (certifications.length === 0) return [];
    return manager.save(
      certifications.map((certification, position) =>
        manager.create(VendorCertificationEntity, { ...certification, organizationId: ctx.organizationId, vendorId, position }),
      ),
    );
  }

  /** One vendor's certifications, in their order. */
  certificationsOf(ctx: Context, vendorId: string): Promise<VendorCertificationEntity[]> {
    return scoped(this.database.manager(ctx), ctx).find(VendorCertificationEntity, { vendorId }, { position: 'ASC' });
  }

  private async attachCertifications(ctx: Context, vendors: VendorEntity[]): Promise<VendorWithCertifications[]> {
    if (vendors.length === 0) return [];
    const certifications = await scoped(this.database.manager(ctx), ctx).find(
      VendorCertificationEntity,
      { vendorId: In(vendors.map((v) => v.id)) },
      { position: 'ASC' },
    );
    return vendors.map((vendor) => Object.assign(vendor, { certifications: certifications.filter((c) => c.vendorId === vendor.id) }));
  }
}
