import { Global, Module } from '@nestjs/common';
import { ComplianceService } from './compliance.service';

/** Keeping stored compliance current: needed by every module whose writes change what the rules read. */
@Global()
@Module({ providers: [ComplianceService], exports: [ComplianceService] })
export class ComplianceCoreModule {}
