import { Module } from '@nestjs/common';
import { ProvisioningService } from './provisioning.service';

/** New tenants: the operator's create-organization and the demo seed. */
@Module({ providers: [ProvisioningService], exports: [ProvisioningService] })
export class ProvisioningModule {}
