import { Module } from '@nestjs/common';
import { AuditEventsService } from './audit-events.service';
import { AuditResolver } from './audit.resolver';

/** Reading the trail (auditEvents; AuditEvent.actor is resolved by users: src/users/audit-event-actor.resolver.ts). */
@Module({
  providers: [AuditEventsService, AuditResolver],
})
export class AuditEventsModule {}
