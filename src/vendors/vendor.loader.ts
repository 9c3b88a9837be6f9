import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { Context } from '../common/context';
import { byKeys, LoaderRegistry } from '../common/loaders';
import { VendorsRepository, VendorWithCertifications } from './vendors.repository';

/** Vendors with their certifications, two queries per request whatever the number asked for. */
@Injectable()
export class VendorLoader {
  constructor(private readonly vendors: VendorsRepository) {}

  load(loaders: LoaderRegistry, ctx: Context, id: string): Promise<VendorWithCertifications | null> {
    return loaders
      .get(
        `vendor:${ctx.organizationId}`,
        () =>
          new DataLoader<string, VendorWithCertifications | null>(async (ids) =>
            byKeys(ids, await this.vendors.byIds(ctx, ids), (row) => row.id),
          ),
      )
      .load(id);
  }
}
