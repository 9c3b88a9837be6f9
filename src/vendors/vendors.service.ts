import { Injectable } from '@nestjs/common';
import { AuditService, diff } from '../audit/audit.service';
import { Context } from '../common/context';
import { staleVersion } from '../common/errors';
import { DEFAULT_PAGE_SIZE, Page } from '../common/pagination';
import { searchKey } from '../common/search-key';
import { certificationsValidThrough } from './certification-rules';
import { Database } from '../database/database';
import { CertificationInput, CreateVendorInput, UpdateVendorInput, VendorFilter } from './dto/vendor.inputs';
import { VendorHooks } from './vendor-hooks';
import { NewCertification, VendorsRepository, VendorWithCertifications } from './vendors.repository';

const AUDITED_FIELDS = ['name', 'corporateNumber', 'address', 'websiteUrl', 'certifications'] as const;

@Injectable()
export class VendorsService {
  constructor(
    private readonly database: Database,
    private readonly vendors: VendorsRepository,
    private readonly hooks: VendorHooks,
    private readonly audit: AuditService,
  ) {}

  get(ctx: Context, id: string): Promise<VendorWithCertifications> {
    return this.vendors.withCertifications(ctx, id);
  }

  /** Vendors by name then id, optionally only those whose name contains `filter.search`. */
  list(ctx: Context, filter: VendorFilter = {}, first = DEFAULT_PAGE_SIZE, after?: string): Promise<Page<VendorWithCertifications>> {
    return this.vendors.page(ctx, filter.search, first, after);
  }

  async create(ctx: Context, input: CreateVendorInput): Promise<VendorWithCertifications> {
    return this.database.transaction(ctx, async (ctx) => {
      const wanted = certificationsOf(input.certifications ?? []);
      const vendor = await this.vendors.insert(ctx, {
        name: input.name,
        searchKey: searchKey(input.name),
        corporateNumber: input.corporateNumber ?? null,
        address: input.address || null,
        websiteUrl: input.websiteUrl || null,
        // Known before the insert: a second write would move the version past the one returned.
        certificationsValidThrough: certificationsValidThrough(wanted),
      });
      const certifications = await this.vendors.replaceCertifications(ctx, vendor.id, wanted);
      const created = Object.assign(vendor, { certifications });
      await this.audit.record(ctx, {
        action: 'VENDOR_CREATED',
        entityType: 'Vendor',
        entityId: vendor.id,
        changes: diff(null, auditable(created), AUDITED_FIELDS),
      });
      return created;
    });
  }

  async update(ctx: Context, id: string, input: UpdateVendorInput): Promise<VendorWithCertifications> {
    return this.database.transaction(ctx, async (ctx) => {
      const vendor = await this.vendors.get(ctx, id, true);
      if (vendor.version !== input.expectedVersion) throw staleVersion();
      // A copy as it was, with the certifications it had: compared with the change below.
      const before = Object.assign({ ...vendor }, { certifications: await this.vendors.certificationsOf(ctx, vendor.id) });
      if (input.name !== undefined && input.name !== null) {
        vendor.name = input.name;
        vendor.searchKey = searchKey(input.name);
      }
      if (input.corporateNumber !== undefined) vendor.corporateNumber = input.corporateNumber ?? null;
      if (input.address !== undefined) vendor.address = input.address || null;
      if (input.websiteUrl !== undefined) vendor.websiteUrl = input.websiteUrl || null;
      const certifications =
        input.certifications !== undefined && input.certifications !== null
          ? await this.vendors.replaceCertifications(ctx, vendor.id, certificationsOf(input.certifications))
          : before.certifications;
      const after = Object.assign(vendor, { certifications });
      const changes = diff(auditable(before), auditable(after), AUDITED_FIELDS);
      if (Object.keys(changes).length === 0) return after;
      // The version moves with every real change, certifications included.
      vendor.version = before.version + 1;
      // CERTIFICATION_EXPIRED of every subject with this vendor follows from this in SQL.
      vendor.certificationsValidThrough = certificationsValidThrough(certifications);
      await this.vendors.update(ctx, vendor);
      // A subject's search key holds its vendor's name: a renamed vendor is found under its new name at once.
      if (vendor.name !== before.name) {
        await this.hooks.renamed.run(ctx, vendor.id, vendor.name);
      }
      const reloaded = await this.vendors.get(ctx, vendor.id);
      await this.audit.record(ctx, { action: 'VENDOR_UPDATED', entityType: 'Vendor', entityId: vendor.id, changes });
      return Object.assign(reloaded, { certifications });
    });
  }
}

function certificationsOf(inputs: CertificationInput[]): NewCertification[] {
  return inputs.map((input) => ({ type: input.type, identifier: input.identifier || null, validUntil: input.validUntil ?? null }));
}

function auditable(vendor: VendorWithCertifications): Record<string, unknown> {
  return {
    ...vendor,
    certifications: vendor.certifications.map(({ type, identifier, validUntil }) => ({ type, identifier, validUntil })),
  };
}
