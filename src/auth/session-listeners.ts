import { Injectable, OnModuleInit } from '@nestjs/common';
import { UserHooks } from '../users/user-hooks';
import { AuthService } from './auth.service';

/** Sessions follow their user: a deactivated user is signed out everywhere, in the same transaction. */
@Injectable()
export class SessionListeners implements OnModuleInit {
  constructor(
    private readonly users: UserHooks,
    private readonly auth: AuthService,
  ) {}

  onModuleInit(): void {
    this.users.activityChanged.register(async (ctx, userId, active) => {
      if (!active) await this.auth.revokeSessions(ctx, userId);
    });
  }
}
