import { Module } from '@nestjs/common';
import { VendorLoader } from './vendor.loader';
import { VendorsResolver } from './vendors.resolver';
import { VendorsService } from './vendors.service';

@Module({
  providers: [VendorsService, VendorsResolver, VendorLoader],
  exports: [VendorsService, VendorLoader],
})
export class VendorsModule {}
