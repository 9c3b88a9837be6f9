import { Global, Module } from '@nestjs/common';
import { ComplianceListeners } from './compliance-listeners';
import { ComplianceService } from './compliance.service';

/** Keeping stored compliance current: re-evaluated whenever a fact the rules read changes (ComplianceListeners). */
@Global()
@Module({ providers: [ComplianceService, ComplianceListeners], exports: [ComplianceService] })
export class ComplianceCoreModule {}
