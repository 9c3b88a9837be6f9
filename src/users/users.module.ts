import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UserActivity } from './user-activity';
import { UserLoader } from './user.loader';
import { UserPasswordsService } from './user-passwords.service';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

/** User administration and passwords. UsersRepository is in the DataModule: every feature reads users through it. */
@Module({
  imports: [OrganizationsModule],
  providers: [UsersService, UserPasswordsService, UserActivity, UsersResolver, UserLoader],
  exports: [UsersService, UserLoader],
})
export class UsersModule {}
