import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { Public } from '../common/decorators';
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

  /** The database answers: ready for traffic. */
  @Get('ready')
  @Public()
  @HttpCode(200)
  async ready(): Promise<{ status: string }> {
    if (!(await this.database.isReachable())) throw new ServiceUnavailableException({ status: 'unavailable' });
    return { status: 'ready' };
  }
}
