import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { RequestWithActor } from '../common/decorators';
import { bearerToken } from '../auth/tokens';
import { Context } from '../common/context';
import { ListSizes, Measure } from './list-bounds';
import { ListSizesRepository } from './list-sizes.repository';

/** The caller's organization's list sizes, measured before a query runs so that its cost can be estimated. */
@Injectable()
export class ListSizesService {
  constructor(
    private readonly auth: AuthService,
    private readonly sizes: ListSizesRepository,
  ) {}

  /**
   * Signs the request's caller in (the role guard then uses that actor instead of looking the token
   * up again) and measures `measures` in their organization. Undefined without a valid sign-in:
   * nothing protected runs then, the guard refuses it.
   */
  async forRequest(request: RequestWithActor, measures: readonly Measure[]): Promise<Partial<ListSizes> | undefined> {
    const token = bearerToken(request.headers.authorization);
    const actor = request.actor ?? (token ? await this.auth.authenticate(token) : undefined);
    if (!actor) return undefined;
    request.actor = actor;
    return this.sizes.measure(Context.of(actor), measures);
  }
}
