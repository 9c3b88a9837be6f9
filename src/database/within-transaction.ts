import { EntityManager } from 'typeorm';
import { Database } from './database';

/**
 * A Database whose every transaction joins one outer transaction: services written for single
 * writes (each opening its own transaction) compose into one all-or-nothing write, such as the
 * demo seed or a ledger import.
 */
export class WithinTransaction extends Database {
  constructor(private readonly outer: EntityManager) {
    super(outer.connection);
  }

  override get manager(): EntityManager {
    return this.outer;
  }

  override transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.outer);
  }
}
