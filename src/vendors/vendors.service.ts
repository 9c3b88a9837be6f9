import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService, diff } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { conflictOnDuplicate, staleVersion } from '../common/errors';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page, countRows } from '../common/pagination';
import { containsPattern, searchKey } from '../common/search-key';
import { certificationsValidThrough } from '../compliance/compliance-rules';
import { Database } from '../database/database';
import { scoped } from '../database/tenant-scope';
import { subjectSearchKey } from '../subjects/subject-writer';
import { SubjectEntity } from '../subjects/subject.entity';
import { CertificationInput, CreateVendorInput, UpdateVendorInput, VendorFilter } from './dto/vendor.inputs';
import { VendorCertificationEntity } from './vendor-certification.entity';
import { VendorEntity } from './vendor.entity';

const AUDITED_FIELDS = ['name', 'corporateNumber', 'address', 'websiteUrl', 'certifications'] as const;
const DUPLICATE_CORPORATE_NUMBER = 'この法人番号の取引先は既に登録されています。';

export type VendorWithCertifications = VendorEntity & { certifications: VendorCertificationEntity[] };

@Injectable()
export class VendorsService {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  async get(actor: Actor, id: string): Promise<VendorWithCertifications> {
    const vendor = await scoped(this.database.manager, actor).get(VendorEntity, id, '取引先');
    const [withCertifications] = await this.attachCertifications(this.database.manager, actor, [vendor]);
    return withCertifications;
  }

  /** Vendors by name then id, optionally only those whose name contains `filter.search`. */
  async list(actor: Actor, filter: VendorFilter = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<VendorWithCertifications>> {
    const query = scoped(this.database.manager, actor).select(VendorEntity, 'v');
    if (filter.search && searchKey(filter.search)) {
      query.andWhere(`v.search_key LIKE :pattern ESCAPE '\\'`, { pattern: containsPattern(filter.search) });
    }
    // Cloned now: the keyset condition added below must not narrow the count.
    const counting = query.clone();
    const totalCount = (): Promise<number> => countRows(counting);
    if (after) {
      const [name, id] = decodeCursor(after, ['text', 'uuid']);
      query.andWhere('(v.name, v.id) > (:name, :id::uuid)', { name, id });
    }
    const rows = await query
      .orderBy('v.name', 'ASC')
      .addOrderBy('v.id', 'ASC')
      .limit(first + 1)
      .getMany();
    const nodes = await this.attachCertifications(this.database.manager, actor, rows.slice(0, first));
    return { nodes, totalCount, hasNextPage: rows.length > first, cursorOf: (vendor) => encodeCursor([vendor.name, vendor.id]) };
  }

  async create(actor: Actor, input: CreateVendorInput): Promise<VendorWithCertifications> {
    return this.database.transaction(async (manager) => {
      const vendor = manager.create(VendorEntity, {
        organizationId: actor.organizationId,
        name: input.name,
        searchKey: searchKey(input.name),
        corporateNumber: input.corporateNumber ?? null,
        address: input.address || null,
        websiteUrl: input.websiteUrl || null,
        // Known before the insert: a second write would move the version past the one returned.
        certificationsValidThrough: certificationsValidThrough(
          (input.certifications ?? []).map(({ type, validUntil }) => ({ type, validUntil: validUntil ?? null })),
        ),
      });
      await manager.save(vendor).catch((error: unknown) => conflictOnDuplicate(error, DUPLICATE_CORPORATE_NUMBER));
      const certifications = await this.replaceCertifications(manager, actor, vendor.id, input.certifications ?? []);
      const created = Object.assign(vendor, { certifications });
      await this.audit.record(manager, actor, {
        action: 'VENDOR_CREATED',
        entityType: 'Vendor',
        entityId: vendor.id,
        changes: diff(null, auditable(created), AUDITED_FIELDS),
      });
      return created;
    });
  }

  async update(actor: Actor, id: string, input: UpdateVendorInput): Promise<VendorWithCertifications> {
    return this.database.transaction(async (manager) => {
      const scope = scoped(manager, actor);
      const vendor = await scope.get(VendorEntity, id, '取引先', true);
      if (vendor.version !== input.expectedVersion) throw staleVersion();
      const [before] = await this.attachCertifications(manager, actor, [{ ...vendor }]);
      if (input.name !== undefined && input.name !== null) {
        vendor.name = input.name;
        vendor.searchKey = searchKey(input.name);
      }
      if (input.corporateNumber !== undefined) vendor.corporateNumber = input.corporateNumber ?? null;
      if (input.address !== undefined) vendor.address = input.address || null;
      if (input.websiteUrl !== undefined) vendor.websiteUrl = input.websiteUrl || null;
      const certifications =
        input.certifications !== undefined && input.certifications !== null
          ? await this.replaceCertifications(manager, actor, vendor.id, input.certifications)
          : before.certifications;
      const after = Object.assign(vendor, { certifications });
      const changes = diff(auditable(before), auditable(after), AUDITED_FIELDS);
      if (Object.keys(changes).length === 0) return after;
      // The version moves with every real change, certifications included.
      vendor.version = before.version + 1;
      await manager
        .createQueryBuilder()
        .update(VendorEntity)
        .set({
          name: vendor.name,
          searchKey: vendor.searchKey,
          corporateNumber: vendor.corporateNumber,
          address: vendor.address,
          websiteUrl: vendor.websiteUrl,
          // CERTIFICATION_EXPIRED of every subject with this vendor follows from this in SQL.
          certificationsValidThrough: certificationsValidThrough(certifications),
          version: vendor.version,
          updatedAt: () => 'now()',
        })
        .where('id = :id AND organization_id = :organizationId', { id: vendor.id, organizationId: actor.organizationId })
        .execute()
        .catch((error: unknown) => conflictOnDuplicate(error, DUPLICATE_CORPORATE_NUMBER));
      if (vendor.name !== before.name) await this.refreshSubjectSearchKeys(manager, actor.organizationId, vendor.id, vendor.name);
      const reloaded = await scope.get(VendorEntity, vendor.id, '取引先');
      await this.audit.record(manager, actor, { action: 'VENDOR_UPDATED', entityType: 'Vendor', entityId: vendor.id, changes });
      return Object.assign(reloaded, { certifications });
    });
  }

  /** A subject's search key holds its vendor's name: a renamed vendor is found under its new name at once. */
  private async refreshSubjectSearchKeys(
    manager: EntityManager,
    organizationId: string,
    vendorId: string,
    vendorName: string,
  ): Promise<void> {
    const subjects = await manager.find(SubjectEntity, { select: { id: true, name: true }, where: { organizationId, vendorId } });
    if (subjects.length === 0) return;
    // Derived, like the compliance status: neither version nor updated_at moves.
    await manager.query(
      `UPDATE subjects s SET search_key = v.search_key
         FROM unnest($2::uuid[], $3::text[]) AS v(id, search_key)
        WHERE s.organization_id = $1 AND s.id = v.id`,
      [organizationId, subjects.map((s) => s.id), subjects.map((s) => subjectSearchKey(s.name, vendorName, null))],
    );
  }

  private async replaceCertifications(
    manager: EntityManager,
    actor: Actor,
    vendorId: string,
    inputs: CertificationInput[],
  ): Promise<VendorCertificationEntity[]> {
    await manager.delete(VendorCertificationEntity, { organizationId: actor.organizationId, vendorId });
    if (inputs.length === 0) return [];
    const rows = inputs.map((input, position) =>
      manager.create(VendorCertificationEntity, {
        organizationId: actor.organizationId,
        vendorId,
        type: input.type,
        identifier: input.identifier || null,
        validUntil: input.validUntil ?? null,
        position,
      }),
    );
    return manager.save(rows);
  }

  private async attachCertifications(manager: EntityManager, actor: Actor, vendors: VendorEntity[]): Promise<VendorWithCertifications[]> {
    if (vendors.length === 0) return [];
    const certifications = await scoped(manager, actor).find(
      VendorCertificationEntity,
      { vendorId: In(vendors.map((v) => v.id)) },
      { position: 'ASC' },
    );
    return vendors.map((vendor) => Object.assign(vendor, { certifications: certifications.filter((c) => c.vendorId === vendor.id) }));
  }
}

function auditable(vendor: VendorWithCertifications): Record<string, unknown> {
  return {
    ...vendor,
    certifications: vendor.certifications.map(({ type, identifier, validUntil }) => ({ type, identifier, validUntil })),
  };
}
