import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Context } from '../common/context';
import { Transaction } from './transaction';

/**
 * The one DataSource of the process and the transaction boundary. Services open transactions
 * through `transaction(ctx, work)`; only repositories (the data layer) ask for `manager(ctx)`.
 */
@Injectable()
export class Database implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The entity manager of the context's transaction, or the pool's for work outside one. Without a
   * context only for what comes before a tenant is known: signing in, reading a token.
   */
  manager(ctx: Context | null): EntityManager {
    return ctx?.transaction?.manager ?? this.dataSource.manager;
  }

  /**
   * Runs `work` in the context's transaction, or in a new one: everything it writes, audit events
   * included, commits or rolls back together. Work deferred in a batched transaction runs before
   * the commit, so no one reads what it would change before it is done.
   */
  async transaction<T>(ctx: Context, work: (ctx: Context) => Promise<T>, options: { batched?: boolean } = {}): Promise<T> {
    if (ctx.transaction) return work(ctx);
    return this.dataSource.transaction(async (manager) => {
      const transaction = new Transaction(manager, options.batched ?? false);
      const inner = ctx.within(transaction);
      const result = await work(inner);
      await transaction.flush();
      return result;
    });
  }

  /** Sets the savepoint `name` in ctx's transaction (releasing the previous one of that name first when `replace`). */
  async savepoint(ctx: Context, name: string, replace: boolean): Promise<void> {
    // One round trip: the previous savepoint is released as the next one is set.
    await this.manager(ctx).query(replace ? `RELEASE SAVEPOINT ${name}; SAVEPOINT ${name}` : `SAVEPOINT ${name}`);
  }

  /** Forgets the savepoint `name` (what followed it stays in the transaction). */
  async releaseSavepoint(ctx: Context, name: string): Promise<void> {
    await this.manager(ctx).query(`RELEASE SAVEPOINT ${name}`);
  }

  /** Undoes what followed the savepoint and keeps it: the transaction is usable again. */
  async rollbackToSavepoint(ctx: Context, name: string): Promise<void> {
    await this.manager(ctx).query(`ROLLBACK TO SAVEPOINT ${name}`);
  }

  /**
   * Refreshes the planner statistics of tables a long transaction grows by thousands of rows, which
   * autovacuum cannot see: ANALYZE inside the transaction counts its own new rows.
   *
   * ANALYZE takes a lock on each table that conflicts with every other ANALYZE and that a transaction
   * keeps until it ends: another organization's long import holds it for minutes. SKIP_LOCKED passes
   * over a table held so (its statistics wait for the next refresh) instead of waiting for it until
   * the statement timeout fails this import: one organization's import never fails another's.
   */
  async analyze(ctx: Context, tables: readonly string[]): Promise<void> {
    await this.manager(ctx).query(`ANALYZE (SKIP_LOCKED) ${tables.join(', ')}`);
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
