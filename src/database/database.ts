import { createHash } from 'node:crypto';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { Context } from '../common/context';
import { EntityColumns } from './entity-columns';
import { Transaction } from './transaction';

/** A read the data layer sends as a prepared statement: planned once per connection, then only bound. */
export interface PreparedRead {
  text: string;
  values: unknown[];
}

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

  /**
   * The rows of one read, sent as a named (prepared) statement on the context's transaction or a
   * pooled connection: PostgreSQL parses and plans each distinct text once per connection. Counted
   * and timed by the same logger as every TypeORM statement. For hot reads whose SQL the repository
   * writes itself; every value is a parameter.
   */
  async rows<R extends QueryResultRow>(ctx: Context | null, read: PreparedRead): Promise<R[]> {
    const logger = this.dataSource.logger;
    logger.logQuery(read.text, read.values);
    const statement = { name: statementName(read.text), text: read.text, values: read.values };
    const started = performance.now();
    const client = ctx?.transaction
      ? transactionClient(ctx.transaction.manager)
      : ((this.dataSource.driver as PostgresDriver).master as Pool);
    const result = await client.query<R>(statement);
    const elapsed = performance.now() - started;
    const slow = this.dataSource.options.maxQueryExecutionTime;
    if (slow && elapsed > slow) logger.logQuerySlow(elapsed, read.text, read.values);
    return result.rows;
  }

  /** The columns of `entity` under `alias`, for a statement that reads it joined to others (see EntityColumns). */
  columns<E extends ObjectLiteral>(entity: EntityTarget<E>, alias: string): EntityColumns<E> {
    return new EntityColumns(this.dataSource, entity, alias);
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

const statementNames = new Map<string, string>();

/** A stable name per statement text (node-postgres prepares each name once per connection). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `r_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    // The texts are the repository's own (filters vary them, never values): a few dozen at most.
    statementNames.set(text, name);
  }
  return name;
}

/** The connection a transaction's entity manager holds. */
function transactionClient(manager: EntityManager): PoolClient {
  const connection = (manager.queryRunner as { databaseConnection?: PoolClient } | undefined)?.databaseConnection;
  if (!connection) throw new Error('the transaction has no connection yet');
  return connection;
}
