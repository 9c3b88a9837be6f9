import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The writer every feature uses; global so that no feature module depends on another for it. */
@Global()
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}
