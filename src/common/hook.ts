import { Context } from './context';

type Listener<A extends unknown[]> = (ctx: Context, ...args: A) => Promise<unknown>;

/**
 * A point in one feature's work where features that depend on it act, in the same context and so
 * in the same transaction: users announce that a user was deactivated, and compliance (which reads
 * users) re-evaluates their subjects. The feature that runs the hook knows nothing of who listens,
 * so dependencies keep one direction. Listeners register when their module starts
 * (`onModuleInit`) and run one after another, in the order they registered; a listener that
 * throws rolls the whole transaction back.
 */
export class Hook<A extends unknown[]> {
  private readonly listeners: Listener<A>[] = [];

  constructor(readonly name: string) {}

  register(listener: Listener<A>): void {
    this.listeners.push(listener);
  }

  async run(ctx: Context, ...args: A): Promise<void> {
    for (const listener of this.listeners) await listener(ctx, ...args);
  }

  get listenerCount(): number {
    return this.listeners.length;
  }
}
