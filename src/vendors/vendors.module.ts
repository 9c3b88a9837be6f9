import { Module } from '@nestjs/common';
import { VendorsResolver } from './vendors.resolver';
import { VendorsService } from './vendors.service';

@Module({
  providers: [VendorsService, VendorsResolver],
  exports: [VendorsService],
})
export class VendorsModule {}
