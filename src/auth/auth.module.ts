import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { RolesGuard } from './roles.guard';
import { SessionListeners } from './session-listeners';
import { UserPasswordsService } from './user-passwords.service';
import { SignInLocksResolver } from './sign-in-locks.resolver';
import { SignInThrottle } from './sign-in-throttle.service';

@Global()
@Module({
  providers: [
    AuthService,
    UserPasswordsService,
    SignInThrottle,
    SessionListeners,
    AuthResolver,
    SignInLocksResolver,
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [AuthService],
})
export class AuthModule {}
