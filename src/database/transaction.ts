import type { EntityManager } from 'typeorm';

/** Work collected during a transaction and done once, just before it commits. */
interface DeferredWork {
  keys: Set<string>;
  run: (keys: string[]) => Promise<void>;
}

/**
 * The open transaction a context carries. Only the data layer reads its entity manager
 * (through `Database.manager(ctx)`); everything else passes the context on.
 */
export class Transaction {
  private readonly deferred = new Map<string, DeferredWork>();

  constructor(
    readonly manager: EntityManager,
    /** A bulk write (a ledger import): work that may wait is collected and done once before commit. */
    readonly batched: boolean,
  ) {}

  defer(name: string, keys: readonly string[], run: DeferredWork['run']): void {
    let work = this.deferred.get(name);
    if (!work) {
      work = { keys: new Set(), run };
      this.deferred.set(name, work);
    }
    for (const key of keys) work.keys.add(key);
  }

  /** Runs what was deferred, until nothing is left (deferred work may defer more). */
  async flush(): Promise<void> {
    for (;;) {
      const next = [...this.deferred.entries()].find(([, work]) => work.keys.size > 0);
      if (!next) return;
      const [, work] = next;
      const keys = [...work.keys];
      work.keys.clear();
      await work.run(keys);
    }
  }
}
