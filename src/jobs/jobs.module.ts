import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { SystemContexts } from './system-contexts';

/**
 * The job queue (pg-boss) and the contexts jobs run in. Global: features send jobs inside their own
 * transactions and declare their workers' handlers from their providers.
 */
@Global()
@Module({
  providers: [JobQueue, SystemContexts],
  exports: [JobQueue, SystemContexts],
})
export class JobsModule {}
