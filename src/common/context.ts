import type { Transaction } from '../database/transaction';
import type { Actor } from './actor';
import { todayIn } from './calendar';

/**
 * Who is working for which organization, and in which transaction: the first argument of every
 * service and repository method. Running work in a context joins its transaction, or opens one
 * (`Database.transaction`). A context is a value: `within` gives a new one, nothing mutates it.
 */
export class Context {
  private constructor(
    /** The signed-in caller; null for the system's own work (the demo seed, the CLI, job workers). */
    readonly actor: Actor | null,
    readonly organizationId: string,
    readonly timeZone: string,
    readonly transaction: Transaction | null,
  ) {}

  /** A signed-in caller's context, outside any transaction. */
  static of(actor: Actor): Context {
    return new Context(actor, actor.organizationId, actor.timeZone, null);
  }

  /** The system working for one organization: a job, the seed, an operator command. */
  static system(organization: { id: string; timeZone: string }): Context {
    return new Context(null, organization.id, organization.timeZone, null);
  }

  /** The same caller inside `transaction`. */
  within(transaction: Transaction): Context {
    return new Context(this.actor, this.organizationId, this.timeZone, transaction);
  }

  /** The signed-in caller: for operations that only a person can do. */
  get caller(): Actor {
    if (!this.actor) throw new Error('this operation needs a signed-in caller, and the context is the system');
    return this.actor;
  }

  /** The user acting, or null for the system. */
  get userId(): string | null {
    return this.actor?.userId ?? null;
  }

  /** Today on the organization's calendar. */
  today(): string {
    return todayIn(this.timeZone);
  }

  /**
   * In a batched transaction, collects `keys` for `run` once before commit and answers true;
   * otherwise answers false and the caller does the work now.
   */
  deferInBatch(name: string, keys: readonly string[], run: (ctx: Context, keys: string[]) => Promise<void>): boolean {
    if (!this.transaction?.batched) return false;
    this.transaction.defer(name, keys, (all) => run(this, all));
    return true;
  }
}
