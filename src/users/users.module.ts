import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { AuditEventActorResolver } from './audit-event-actor.resolver';
import { UserLoader } from './user.loader';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

/** User administration (passwords: src/auth/). UsersRepository is in the DataModule: every feature reads users through it. */
@Module({
  imports: [OrganizationsModule],
  providers: [UsersService, UsersResolver, AuditEventActorResolver, UserLoader],
  exports: [UsersService, UserLoader],
})
export class UsersModule {}
