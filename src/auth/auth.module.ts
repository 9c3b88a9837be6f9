import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { RolesGuard } from './roles.guard';
import { SessionListeners } from './session-listeners';
import { UserPasswordsService } from './user-passwords.service';

@Global()
@Module({
  providers: [AuthService, UserPasswordsService, SessionListeners, AuthResolver, { provide: APP_GUARD, useClass: RolesGuard }],
  exports: [AuthService],
})
export class AuthModule {}
