import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UserLoader } from './user.loader';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

@Module({
  imports: [OrganizationsModule],
  providers: [UsersService, UsersResolver, UserLoader],
  exports: [UsersService, UserLoader],
})
export class UsersModule {}
