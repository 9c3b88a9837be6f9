import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** The one DataSource of the process, and the transaction boundary every multi-row write goes through. */
@Injectable()
export class Database implements OnApplicationShutdown {
  constructor(readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Runs `work` in one transaction: everything it writes, audit events included, commits or rolls back together. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
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
