import { Injectable } from '@nestjs/common';
import type { Db } from 'pg-boss';
import { Context } from '../common/context';
import { Database } from '../database/database';

/**
 * The job queue's access to the database: pg-boss writes its jobs on the connection of the
 * transaction that causes them, and opens its own pool (for its workers and maintenance) on the
 * application's database.
 */
@Injectable()
export class JobsRepository {
  constructor(private readonly database: Database) {}

  /** The connection string pg-boss opens its own pool with. */
  connectionUrl(): string | undefined {
    return (this.database.manager(null).connection.options as { url?: string }).url;
  }

  /** A pg-boss `db` that runs its statements on the connection of the context's transaction. */
  transactionDb(ctx: Context): Db {
    const runner = this.database.manager(ctx).queryRunner;
    if (!runner?.isTransactionActive) throw new Error('jobs are sent inside a transaction: pass a context that has one');
    return {
      executeSql: async (text: string, values?: unknown[]) => {
        const result = await runner.query(text, values, true);
        return { rows: result.records as unknown[] };
      },
    };
  }
}
