import { Controller, Get, HttpCode, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../common/decorators';
import { RETRY_AFTER_SECONDS } from '../common/errors';
import { Database } from '../database/database';

@Controller()
export class HealthController {
  constructor(private readonly database: Database) {}

  /** The process is up. */
  @Get('health')
  @Public()
  health(): { status: string } {
    return { status: 'ok' };
  }

  /** The database answers: ready for traffic. Otherwise 503 with Retry-After, as the API answers meanwhile. */
  @Get('ready')
  @Public()
  @HttpCode(200)
  async ready(@Res({ passthrough: true }) response: Response): Promise<{ status: string }> {
    if (!(await this.database.isReachable())) {
      response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      throw new ServiceUnavailableException({ status: 'unavailable' });
    }
    return { status: 'ready' };
  }
}
