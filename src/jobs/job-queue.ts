import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import type { Job, JobInsert, JobResult, PgBoss, Queue } from 'pg-boss';
import { Context } from '../common/context';
import { describeError, JsonLogger } from '../common/json-logger';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { JobsRepository } from './jobs.repository';

const CONTEXT = 'JobQueue';

/** pg-boss keeps its tables in a schema of its own, created and migrated by pg-boss at start. */
export const JOB_SCHEMA = 'pgboss';

/** Every queue, created at start by every instance (sending needs the queue even where no worker runs). */
export const QUEUES = {
  /** A planned review notice (reminder, overdue, escalation), due at its startAfter. */
  reviewNotice: { name: 'review-notice', options: { retryLimit: 5, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 } },
  /** One e-mail of the outbox. */
  emailDelivery: { name: 'email-delivery', options: { retryLimit: 7, retryDelay: 30, retryBackoff: true, expireInSeconds: 600 } },
  /** Opens the RENEWAL reviews whose window has opened; stately: at most one queued and one running. */
  renewalSweep: { name: 'renewal-sweep', options: { policy: 'stately', retryLimit: 2, retryDelay: 300, expireInSeconds: 3600 } },
  /**
   * One ledger import too large for an HTTP request (src/ledgers/ledger-import-job.entity.ts). Retried
   * after an error or a crash (the import is one transaction: a cut run saved nothing); an hour to run.
   */
  ledgerImport: { name: 'ledger-import', options: { retryLimit: 2, retryDelay: 30, retryBackoff: true, expireInSeconds: 3600 } },
  /** Deletes the import jobs that ended longer ago than IMPORT_JOB_RETENTION_DAYS; stately like the sweep. */
  ledgerImportPurge: { name: 'ledger-import-purge', options: { policy: 'stately', retryLimit: 2, retryDelay: 300, expireInSeconds: 600 } },
} as const satisfies Record<string, { name: string; options: Omit<Queue, 'name'> }>;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES]['name'];

export interface PlannedJob {
  /** A deterministic id makes sending the same job twice a no-op (pg-boss inserts with ON CONFLICT DO NOTHING). */
  id?: string;
  data: object;
  startAfter?: Date;
}

interface Registration {
  queue: QueueName;
  handler: (data: unknown) => Promise<void>;
  concurrency: number;
  batch: number;
  /** A recurring job: pg-boss's cron creates one job per occurrence across all instances. */
  cron?: string;
}

type PgBossModule = typeof import('pg-boss');

/**
 * The Postgres job queue (pg-boss). Jobs are sent inside the transaction of the write that causes
 * them, through that transaction's own connection, so a job exists exactly when the write commits;
 * pg-boss is never awaited on another connection while that transaction holds its locks (the queues
 * are created and cached at start, so a send is one INSERT on the caller's connection). Workers run
 * where APP_ROLE is worker or all; every instance can send.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly registrations: Registration[] = [];
  private starting: Promise<PgBoss> | undefined;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly store: JobsRepository,
    private readonly logger: JsonLogger,
  ) {}

  /** True once the instance has begun to stop: a long handler (a ledger import) ends its run early and is retried later. */
  get isStopping(): boolean {
    return this.stopping;
  }

  get runsWorkers(): boolean {
    return this.config.appRole !== 'api';
  }

  /**
   * Declares the handler of a queue (from a provider's constructor); it runs in instances with workers.
   * `batch`: jobs fetched at once and run one after the other; while fetches come back full the worker
   * fetches again at once, so a backlog (a campaign's e-mails) drains at the speed of the handler, not
   * of the 1-second poll.
   */
  handle<T>(
    queue: QueueName,
    handler: (data: T) => Promise<void>,
    options: { concurrency?: number; batch?: number; cron?: string } = {},
  ): void {
    this.registrations.push({
      queue,
      handler: handler as (data: unknown) => Promise<void>,
      concurrency: options.concurrency ?? 2,
      batch: options.batch ?? 5,
      cron: options.cron,
    });
  }

  /**
   * pg-boss starts (schema check, queues: a dozen round trips) while the other modules initialise,
   * the GraphQL schema first: part of the cold start. Awaited at bootstrap, which fails as before if
   * it failed (after one more try).
   */
  onModuleInit(): void {
    this.ready().catch(() => undefined);
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = await this.ready();
    if (!this.runsWorkers) return;
    for (const registration of this.registrations) {
      await boss.work<object>(
        registration.queue,
        {
          batchSize: registration.batch,
          burstWhenBatchFull: registration.batch > 1,
          pollingIntervalSeconds: 1,
          localConcurrency: registration.concurrency,
          perJobResults: true,
        },
        (jobs) => this.runBatch(registration, jobs),
      );
      if (registration.cron) await boss.schedule(registration.queue, registration.cron, null, { tz: 'UTC', missed: 'once' });
    }
  }

  /** Each job settles on its own: a failed one is retried by pg-boss, the others complete. */
  private async runBatch(registration: Registration, jobs: Job<object>[]): Promise<JobResult[]> {
    const results: JobResult[] = [];
    for (const job of jobs) {
      try {
        await registration.handler(job.data);
        results.push({ id: job.id, status: 'completed' });
      } catch (error) {
        const described = describeError(error);
        this.logger.write(
          'warn',
          { msg: 'job failed; pg-boss retries it', queue: registration.queue, jobId: job.id, retryCount: job.retryCount, ...described },
          CONTEXT,
        );
        results.push({ id: job.id, status: 'failed', output: { message: described.error } });
      }
    }
    return results;
  }

  /**
   * Workers finish the job in hand (up to 10 s) before the database connections close. Requests still
   * in flight can go on sending: a send runs on the caller's own connection, not on pg-boss's pool.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const starting = this.starting;
    if (!starting) return;
    const boss = await starting.catch(() => undefined);
    if (!boss) return;
    // pg-boss bounds the wait for handlers by `timeout`; the race bounds everything else it waits for.
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([
      boss.stop({ graceful: true, timeout: 10_000, close: true }).then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 20_000))),
    ]);
    clearTimeout(timer);
    if (!stopped) this.logger.write('warn', 'pg-boss did not stop within 20 s; shutting down without it', CONTEXT);
  }

  /** Sends one job as part of the context's transaction. */
  async send(ctx: Context, queue: QueueName, job: PlannedJob): Promise<void> {
    await this.sendMany(ctx, queue, [job]);
  }

  /** Sends jobs as part of the context's transaction, in one statement. */
  async sendMany(ctx: Context, queue: QueueName, jobs: readonly PlannedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const db = this.store.transactionDb(ctx);
    const boss = await this.ready();
    const rows: JobInsert[] = jobs.map((job) => ({ id: job.id, data: job.data, startAfter: job.startAfter?.toISOString() }));
    await boss.insert(queue, rows, { db });
  }

  /** Deletes jobs (any state) as part of the context's transaction; unknown ids are ignored. */
  async delete(ctx: Context, queue: QueueName, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const db = this.store.transactionDb(ctx);
    const boss = await this.ready();
    await boss.deleteJob(queue, [...ids], { db });
  }

  /**
   * Started once, on first use: at bootstrap, or earlier when a write sends a job before the app has
   * finished starting (the demo seed). Installs or migrates pg-boss's schema, creates the queues.
   */
  ready(): Promise<PgBoss> {
    if (!this.starting) {
      if (this.stopping) return Promise.reject(new Error('the job queue is shutting down'));
      this.starting = this.start().catch((error: unknown) => {
        this.starting = undefined;
        throw error;
      });
    }
    return this.starting;
  }

  private async start(): Promise<PgBoss> {
    const { PgBoss } = await loadPgBoss();
    const boss = new PgBoss({
      connectionString: this.store.connectionUrl(),
      schema: JOB_SCHEMA,
      max: this.runsWorkers ? 4 : 2,
      application_name: 'vendor-risk-register:jobs',
      // Supervision (expiry, retention) and cron run where the workers run.
      supervise: this.runsWorkers,
      schedule: this.runsWorkers,
      migrate: true,
      instanceName: `register-${this.config.appRole}`,
    });
    // pg-boss reports a lost database on every poll of every worker: once per interval, with a count.
    boss.on('error', (error: unknown) => {
      const described = describeError(error);
      const { queue, worker } = error as { queue?: unknown; worker?: unknown };
      this.logger.repeated(`pg-boss:${described.error}`, 'error', { msg: 'pg-boss error', ...described, queue, worker }, CONTEXT);
    });
    boss.on('warning', (warning) =>
      this.logger.repeated(`pg-boss-warning:${warning.message}`, 'warn', { msg: 'pg-boss warning', warning }, CONTEXT),
    );
    await boss.start({ attempts: 3 });
    for (const { name, options } of Object.values(QUEUES)) {
      await boss.createQueue(name, options);
      // createQueue leaves an existing queue as it is: a deploy that changes the retry settings applies them here.
      const { retryLimit, retryDelay, retryBackoff, expireInSeconds }: Omit<Queue, 'name'> = options;
      const settings = Object.fromEntries(
        Object.entries({ retryLimit, retryDelay, retryBackoff, expireInSeconds }).filter(([, value]) => value !== undefined),
      );
      await boss.updateQueue(name, settings);
    }
    return boss;
  }
}

/** pg-boss ships as ESM only: `import()` (require(esm) once compiled to CommonJS, Node ≥ 20.19). */
function loadPgBoss(): Promise<PgBossModule> {
  return import('pg-boss');
}
