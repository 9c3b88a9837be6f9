import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { Actor } from './actor';
import { Context } from './context';
import { ALL_ROLES, Role } from './role';

export const ROLES_KEY = 'register:roles';
export const PUBLIC_KEY = 'register:public';
export const PASSWORD_CHANGE_EXEMPT_KEY = 'register:password-change-exempt';

/** The roles that may call this operation. Every query and mutation declares roles or is @Public(). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Every signed-in role, AUDITOR included: reads. */
export const AnyRole = (): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, [...ALL_ROLES]);

/** No sign-in needed. Only `login` and the health probes. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Callable by a user who must change their password first (me, changePassword, logout). */
export const AllowedBeforePasswordChange = (): MethodDecorator => SetMetadata(PASSWORD_CHANGE_EXEMPT_KEY, true);

export interface RequestWithActor {
  actor?: Actor;
  headers: Record<string, string | string[] | undefined>;
  /** The client's address: the socket's, or X-Forwarded-For's from a proxy TRUST_PROXY names (Express). */
  ip?: string;
}

export function requestOf(context: ExecutionContext): RequestWithActor {
  if (context.getType<string>() === 'graphql') {
    return GqlExecutionContext.create(context).getContext<{ req: RequestWithActor }>().req;
  }
  return context.switchToHttp().getRequest<RequestWithActor>();
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = requestOf(context).actor;
  if (!actor) throw new Error('CurrentActor used on an operation without an authenticated actor');
  return actor;
});

/** The signed-in caller's context (no transaction yet): the first argument a resolver passes to a service. */
export const CurrentContext = createParamDecorator((_data: unknown, context: ExecutionContext): Context => {
  const actor = requestOf(context).actor;
  if (!actor) throw new Error('CurrentContext used on an operation without an authenticated actor');
  return Context.of(actor);
});
