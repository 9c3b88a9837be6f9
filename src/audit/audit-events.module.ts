import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { AuditEventsService } from './audit-events.service';
import { AuditResolver } from './audit.resolver';

/** Reading the trail (auditEvents). */
@Module({
  imports: [UsersModule],
  providers: [AuditEventsService, AuditResolver],
})
export class AuditEventsModule {}
