import { Injectable } from '@nestjs/common';
import { Hook } from '../common/hook';

/** What vendors announce to the features that depend on them (see `Hook`). */
@Injectable()
export class VendorHooks {
  /** A vendor's name changed: subjects find their contracts and services under the new name at once. */
  readonly renamed = new Hook<[vendorId: string, name: string]>('vendors.renamed');
}
