import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthenticated } from '../common/errors';
import { hasAnyRole } from '../common/actor';
import { AuthService } from './auth.service';
import { PASSWORD_CHANGE_EXEMPT_KEY, PUBLIC_KEY, requestOf, ROLES_KEY } from '../common/decorators';
import { Role } from '../common/role';
import { bearerToken } from './tokens';

/**
 * Deny by default: an operation runs only when it is marked @Public() or the caller holds one of
 * the roles it declares. An operation that declares neither is refused for everybody (and the
 * resolver walk in the tests fails on it).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);

    const request = requestOf(context);
    // The cost estimate may have signed the caller in already, to measure their organization's lists.
    const token = bearerToken(request.headers.authorization);
    const actor = request.actor ?? (token ? await this.auth.authenticate(token) : undefined);
    if (!actor) throw unauthenticated();
    request.actor = actor;

    if (!roles || roles.length === 0) throw forbidden();
    if (actor.mustChangePassword && !this.reflector.get<boolean>(PASSWORD_CHANGE_EXEMPT_KEY, context.getHandler())) {
      throw forbidden('パスワードの変更が必要です。changePassword で新しいパスワードを設定してください。');
    }
    if (!hasAnyRole(actor, roles)) throw forbidden();
    return true;
  }
}
