import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { scoped } from '../database/tenant-scope';
import { VendorCertificationEntity } from './vendor-certification.entity';
import { VendorEntity } from './vendor.entity';
import { VendorWithCertifications } from './vendors.service';

/** Vendors with their certifications, two queries per request whatever the number asked for. */
@Injectable()
export class VendorLoader {
  constructor(private readonly database: Database) {}

  load(loaders: LoaderRegistry, organizationId: string, id: string): Promise<VendorWithCertifications | null> {
    return loaders
      .get(
        `vendor:${organizationId}`,
        () =>
          new DataLoader<string, VendorWithCertifications | null>(async (ids) => {
            const scope = scoped(this.database.manager, { organizationId });
            const vendors = await scope.find(VendorEntity, { id: In([...ids]) });
            const certifications = vendors.length
              ? await scope.find(VendorCertificationEntity, { vendorId: In(vendors.map((v) => v.id)) }, { position: 'ASC' })
              : [];
            const rows = vendors.map((vendor) =>
              Object.assign(vendor, { certifications: certifications.filter((c) => c.vendorId === vendor.id) }),
            );
            return byKeys(ids, rows, (row) => row.id);
          }),
      )
      .load(id);
  }
}
